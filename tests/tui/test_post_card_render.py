"""A post card's table is rendered once for its measuring and its paint
(issue 17, the kept community page; ``tui/widgets/post_card.py``
``RenderedOnce``): the lines painted are those a render of its own would give,
another width renders it again, and a render is kept for one use, for the
last ``KEPT_RENDERS`` renders only. A text post is not rendered to be
measured at all (``PostGrid.height_at``, ``test_post_card_height.py``)."""

from __future__ import annotations

from rich.console import Console
from rich.measure import Measurement

from models import communities
from tests.tui.conftest import settle
from tests.tui.test_communities import run
from tests.tui.test_kept_community import built_out_of_sight, open_page, shown_cards, two_clubs
from tui import kept_screens
from tui.widgets import post_card
from tui.widgets.post_card import PostBody, PostGrid, RenderedOnce
from tui.widgets.post_list import PostList, PostListView


def test_cards_out_of_sight_are_measured_without_a_render(app_db, logged_in_app, monkeypatch):
    """A community page of 14 text posts (9 on cards at first, the rest held
    until the cursor comes near): every card's height is counted, none is
    rendered to learn it (``PostGrid.height_at``); the cards in sight are
    rendered for their paint, once per width, and the cards below are not
    rendered at all."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)  # however slow the host
    chess, _go = two_clubs(app_db)
    for n in range(13):
        communities.post_to_community(app_db.michail.id, chess, f"Move {n}\nand more")
    app = logged_in_app("anna")
    renders: list = []
    render = PostGrid.__rich_console__

    def counted(grid, console, options):
        renders.append((grid, options.max_width))
        return render(grid, console, options)

    monkeypatch.setattr(PostGrid, "__rich_console__", counted)

    async def scenario(pilot):
        # The page built out of sight and shown once filled, as after log-in:
        # pushed before it was filled (a slow host), it showed taller, its
        # post box not yet there, and a card below the fold now was in sight then.
        await built_out_of_sight(app, pilot)
        page = await open_page(app, pilot, chess)
        await settle(pilot)
        cards = shown_cards(page)
        assert len(cards) == page.query_one(PostList).cards_at_once() == 30 // 4 + 2  # of 14
        grids = {card: card.query_one(PostBody).content for card in cards}
        seen = page.query_one(PostListView).region
        in_sight = [card for card in cards if card.region and card.region.overlaps(seen)]
        below = [card for card in cards if card not in in_sight]
        assert in_sight and below
        rendered = [grid for grid, _width in renders]
        for card in below:
            assert grids[card] not in rendered
        for card in in_sight:
            assert grids[card] in rendered
        mine = [(grid, width) for grid, width in renders if grid in grids.values()]
        assert len(mine) == len(set(mine))  # none rendered twice at a width

    run(app, scenario)


def test_the_lines_kept_are_the_lines_rendered_at_that_width():
    console = Console(width=60, color_system="truecolor", force_terminal=True)
    table = post_card.Table.grid(padding=(0, 1))
    table.add_column(width=4)
    table.add_column(ratio=1)
    table.add_row("AB", "A post long enough to wrap at forty columns but not at sixty, "
                        "as posts do.")
    once = RenderedOnce(table)
    for width in (60, 40, 40, 60):
        options = console.options.update_width(width)
        assert list(console.render(once, options)) == list(console.render(table, options))
    assert Measurement.get(console, console.options, once) == Measurement.get(
        console, console.options, table)


def test_a_render_is_kept_for_one_use(monkeypatch):
    monkeypatch.setattr(post_card, "_kept_renders", post_card.deque())
    console = Console(width=40)
    once = RenderedOnce("a post")
    first = list(console.render(once, console.options))
    assert once._segments is not None
    assert list(console.render(once, console.options)) == first  # its paint
    assert once._segments is None  # not held any longer
    assert list(console.render(once, console.options)) == first  # a repaint renders it


def test_only_the_last_renders_are_kept(monkeypatch):
    monkeypatch.setattr(post_card, "_kept_renders", post_card.deque())
    console = Console(width=40)
    many = [RenderedOnce(f"post {n}") for n in range(post_card.KEPT_RENDERS + 10)]
    for once in many:
        list(console.render(once, console.options))
    kept = [once for once in many if once._segments is not None]
    assert kept == many[10:]
