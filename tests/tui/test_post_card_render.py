"""A post card's table is rendered once for its measuring and its paint
(issue 17, the kept community page; ``tui/widgets/post_card.py``
``RenderedOnce``): the lines painted are those a render of its own would give,
another width renders it again, and a render is kept for one use, for the
last ``KEPT_RENDERS`` renders only."""

from __future__ import annotations

from rich.console import Console
from rich.measure import Measurement

from models import communities
from tests.tui.conftest import settle
from tests.tui.test_communities import run
from tests.tui.test_kept_community import open_page, shown_cards, two_clubs
from tui.widgets import post_card
from tui.widgets.post_card import PostBody, RenderedOnce


class Counted:
    """A renderable that counts its renders."""

    def __init__(self, renderable, renders: list) -> None:
        self.renderable = renderable
        self.renders = renders

    def __rich_console__(self, console, options):
        self.renders.append((self, options.max_width))
        yield from console.render(self.renderable, options)

    def __rich_measure__(self, console, options):
        return Measurement.get(console, options, self.renderable)


def test_a_card_in_sight_is_rendered_once_for_its_height_and_its_paint(
        app_db, logged_in_app, monkeypatch):
    """Each card on the community page is rendered once per width as the page
    opens (its list gets a scroll bar once its cards are measured: measured
    again, narrower): the ones in sight were rendered once more to be painted."""
    chess, _go = two_clubs(app_db)
    for n in range(6):
        communities.post_to_community(app_db.michail.id, chess, f"Move {n}\nand more")
    app = logged_in_app("anna")
    renders: list = []
    make = post_card.post_renderable
    monkeypatch.setattr(post_card, "post_renderable",
                        lambda *args, **kwargs: Counted(make(*args, **kwargs), renders))

    async def scenario(pilot):
        page = await open_page(app, pilot, chess)
        await settle(pilot)
        cards = shown_cards(page)
        assert len(cards) == 7
        bodies = [card.query_one(PostBody).content.renderable for card in cards]
        mine = [(body, width) for body, width in renders if body in bodies]
        assert {body for body, _width in mine} == set(bodies)
        assert len(mine) == len(set(mine))  # no card rendered twice at a width

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
