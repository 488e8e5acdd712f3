"""Pictures on screen: a message's pictures as half-block thumbnails in its
bubble (the bubble's line count says the same as its drawing, so nothing
moves when they arrive), a post card with thumbnails, Enter / v / a click
opening the viewer with ←/→ through the pictures and Esc back, the chips
before sending, and ASCII thumbnails under NO_COLOR. Snapshots of each."""

from __future__ import annotations

import asyncio
import io

from PIL import Image
from rich.console import Console

from models import messages, posts
from models.images import prepare_image
from models.views import AttachmentView, MessageView
from tests.tui.conftest import settle
from tui.screens.composer import ComposerScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.picture_viewer import PictureViewerScreen
from tui.thumbnails import MAX_ROWS, Thumbnails, cell_size, layout
from tui.widgets.attachment_chips import AttachmentChips, chip_label
from tui.widgets.chat_view import ChatView
from tui.widgets.dialog_list import DialogList
from tui.widgets.message_bubble import SENT, BubbleStyles, MessageBubble
from tui.widgets.post_list import PostListView


def picture(size=(160, 100), colours=((220, 60, 40), (40, 90, 200))) -> object:
    """A picture split in two colours, top and bottom: easy to see in a snapshot."""
    image = Image.new("RGB", size, colours[0])
    image.paste(colours[1], (0, size[1] // 2, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return prepare_image(out.getvalue(), name="two-colours.png")


def with_pictures(app_db) -> None:
    """Michail sends Анна a message with two pictures; Анна posts one picture."""
    messages.send_message(app_db.michail.id, app_db.anna.id, "From the trip",
                          messages.new_client_id(),
                          attachments=[picture(), picture((80, 120), ((30, 160, 60), (240, 200, 40)))])
    posts.create_post(app_db.anna.id, "Sunset on the lake", attachments=[picture((200, 100))])


async def pictures_drawn(pilot) -> None:
    """Until every thumbnail asked for is rendered and drawn. A card asks for
    its thumbnail when it is painted, so "nothing on its way" must hold across
    a paint too: under CI load a snapshot was taken with the feed's cards
    mounted but not yet painted, nothing asked yet, the picture a placeholder."""
    idle_before = False
    for _ in range(200):
        await settle(pilot)
        idle = pilot.app.thumbnails.idle
        if idle and idle_before:
            break
        idle_before = idle
        await pilot.pause(0.1)  # a frame or more: the cards just shown paint and ask
    await settle(pilot)


async def to_chat(pilot, app_db) -> None:
    await settle(pilot)
    pilot.app.open_dialog(app_db.michail.id)
    await pictures_drawn(pilot)
    def read() -> bool:  # Michail's message read: the header's "1 unread" and his row's gone
        row = pilot.app.screen.query_one(DialogList).summary_for(app_db.michail.id)
        return pilot.app.unread_total == 0 and row is not None and row.unread_count == 0

    for _ in range(200):
        if read():
            break
        await pilot.pause(0.05)
    await settle(pilot)


def test_the_layout_keeps_pictures_in_the_bubble_and_within_twelve_lines():
    wide = AttachmentView("image", 0, 1, "a" * 64, 2048, 512)
    tall = AttachmentView("image", 1, 2, "b" * 64, 500, 2000)
    assert cell_size(2048, 512, 40, MAX_ROWS) == (40, 5)
    cols, rows = cell_size(500, 2000, 40, MAX_ROWS)
    assert rows == MAX_ROWS and cols == 6
    grid = layout([wide, tall], 30)
    assert all(sum(p.cols for p in row) + len(row) - 1 <= 30 for row in grid)
    assert all(p.rows <= 6 for row in grid for p in row)  # several: smaller
    assert layout([AttachmentView("track", 0)], 30) == []


def test_a_bubbles_counted_lines_match_its_drawing_with_pictures():
    """The chat lays out by counting: a bubble with pictures counts the lines it draws."""
    styles = BubbleStyles(*([__import__("rich.style").style.Style()] * 6))
    console = Console(width=60, color_system="truecolor")
    for text in ("", "Hello", "A longer line of text that wraps in a narrow bubble " * 2):
        message = MessageView(
            id=1, dialog_id=1, seq=1, sender=_ref(), client_id="c", text=text,
            created_at=__import__("datetime").datetime(2026, 1, 1, 12), edited_at=None,
            deleted=False, reply_to_id=None, reply_preview=None, read_by_peer=False,
            attachments=(AttachmentView("image", 0, 1, "a" * 64, 300, 200),
                         AttachmentView("image", 1, 2, "b" * 64, 100, 300)))
        for width in (30, 60):
            bubble = MessageBubble(message, mine=False, state=SENT, selected=False,
                                   styles=styles)
            drawn = console.render_lines(bubble, console.options.update_width(width), pad=True)
            assert bubble.line_count(width) == len(drawn), (text, width)


def _ref():
    from models.views import UserRef

    return UserRef(id=2, login="michail", first_name="Michail", last_name="Petrov",
                   avatar_id=None)


def test_the_cache_is_bounded_and_renders_off_the_ui_thread(logged_in_app, app_db):
    with_pictures(app_db)
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await to_chat(pilot, app_db)
            service: Thumbnails = app.thumbnails
            assert len(service) == 3  # two in the bubble, one on the feed's card
            assert service.maxsize == 256
            small = Thumbnails(app, maxsize=1)
            small._ready({("x",): "one", ("y",): "two"})
            assert list(small._cache) == [("y",)]

    asyncio.run(main())


def test_enter_v_and_a_click_open_the_viewer_left_right_and_escape(logged_in_app, app_db):
    with_pictures(app_db)
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await to_chat(pilot, app_db)
            chat = app.screen.query_one(ChatView)
            chat.focus()
            await pilot.press("up")
            await settle(pilot)
            assert chat.selected_message.attachments
            await pilot.press("enter")
            await settle(pilot)
            viewer = app.screen
            assert isinstance(viewer, PictureViewerScreen) and viewer.index == 0
            await pilot.press("right")
            await settle(pilot)
            assert viewer.index == 1
            await pilot.press("right")  # round to the first
            assert viewer.index == 0
            await pilot.press("left")
            assert viewer.index == 1
            caption = str(viewer.query_one("#viewer-caption").render())
            assert caption.startswith("2 / 2 · 80×120")
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, PictureViewerScreen)
            await pilot.press("escape")
            await settle(pilot)

    asyncio.run(main())


def test_v_on_a_post_card_opens_its_pictures(logged_in_app, app_db):
    with_pictures(app_db)
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await settle(pilot)
            feed = app.screen.query(PostListView).first()
            feed.focus()
            await pilot.press("home")
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, PictureViewerScreen)
            assert len(app.screen.pictures) == 1

    asyncio.run(main())


# ---------------------------------------------------------------- snapshots

def test_snapshot_a_bubble_with_two_pictures(app_db, logged_in_app, snap_compare):
    """Michail's message with two thumbnails (red over blue, green over yellow)."""
    with_pictures(app_db)

    async def run_before(pilot):
        await to_chat(pilot, app_db)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 34), run_before=run_before)


def test_snapshot_a_post_card_with_a_picture(app_db, logged_in_app, snap_compare):
    """The feed's newest post: Анна's text and its thumbnail under it."""
    with_pictures(app_db)

    async def run_before(pilot):
        await pictures_drawn(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 34), run_before=run_before)


def test_snapshot_the_viewer(app_db, logged_in_app, snap_compare):
    """The second picture of Michail's message fitted to the terminal, "2 / 2"."""
    with_pictures(app_db)

    async def run_before(pilot):
        await to_chat(pilot, app_db)
        pilot.app.screen.query_one(ChatView).focus()
        await pilot.press("up", "enter", "right")
        await pictures_drawn(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_chips_in_the_post_composer(app_db, logged_in_app, snap_compare):
    """Two picked pictures as chips under the text, before publishing."""

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(ComposerScreen())
        await settle(pilot)
        chips = pilot.app.screen.query_one(AttachmentChips)
        chips.add([(picture(), chip_label("Эльбрус.jpg")),
                   (picture(), chip_label("a-very-long-file-name-from-a-camera-0001.png"))])
        await settle(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(100, 30), run_before=run_before)


def test_no_color_draws_thumbnails_in_ascii(logged_in_app, app_db, monkeypatch):
    """Under NO_COLOR a thumbnail is characters of an ASCII ramp, with no colour at all."""
    from models.avatars import ASCII_RAMP

    with_pictures(app_db)
    monkeypatch.setenv("NO_COLOR", "1")
    app = logged_in_app("anna")

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await to_chat(pilot, app_db)
            assert app.no_color
            thumbnails = list(app.thumbnails._cache.values())
            assert thumbnails
            for kept in thumbnails:
                thumb = kept.text()
                assert not thumb.spans and thumb.style in ("", None)
                assert set(thumb.plain) <= set(ASCII_RAMP) | {"\n"}

    asyncio.run(main())


def test_a_256_colour_terminal_gets_the_thumbnail_in_its_palette():
    """The thumbnail is truecolour; a console of 256 colours writes it with
    palette codes (38;5 / 48;5), never 24-bit ones. (Colours no other test
    uses: Rich keeps a style's codes once written, for any console.)"""
    from models.avatars import render_image

    def written(color_system: str, colours) -> str:
        console = Console(color_system=color_system, width=20)
        console.begin_capture()
        console.print(render_image(picture((40, 20), colours).data, 12, 4))
        return console.end_capture()

    palette = written("256", ((13, 171, 77), (201, 9, 149)))
    assert "38;5;" in palette and "38;2;" not in palette
    assert "38;2;" in written("truecolor", ((17, 163, 81), (197, 13, 151)))


def test_the_cache_is_bounded_by_cells_too(logged_in_app):
    app = logged_in_app("anna")
    service = Thumbnails(app, maxsize=100)
    service._ready({("a", 1, 1000, 400, True): "big", ("b", 2, 1000, 400, True): "big too"})
    assert list(service._cache) == [("b", 2, 1000, 400, True)]


def test_a_thumbnail_ready_before_its_widget_is_mounted_is_drawn_as_it_mounts():
    """A post card asks for its thumbnail as it is composed and measured, which
    can be before it is mounted; under load the worker answered during the
    mount and the answer was dropped: the card kept its placeholder (▣), a
    flaky snapshot in CI. An answer that comes before the mount is drawn as
    the widget mounts; one that comes after, at once. The post card, the post
    screen and the picture viewer draw their thumbnails so."""
    from textual.app import App
    from textual.widgets import Static

    from tui.screens.post import PostScreen
    from tui.thumbnails import DrawsThumbnails
    from tui.widgets.post_card import PostCard

    class Card(DrawsThumbnails, Static):
        drawn = 0

        def draw_thumbnails(self) -> None:
            self.drawn += 1

    async def main():
        async with App().run_test() as pilot:
            card = Card("▣")
            card.thumbnails_ready()  # the worker's answer, before the mount
            assert card.drawn == 0
            await pilot.app.mount(card)
            assert card.drawn == 1  # drawn as it mounted
            card.thumbnails_ready()  # an answer once mounted: drawn at once
            assert card.drawn == 2

    asyncio.run(main())
    for drawing in (PostCard, PostScreen, PictureViewerScreen):
        assert issubclass(drawing, DrawsThumbnails)
        assert drawing.draw_thumbnails is not DrawsThumbnails.draw_thumbnails
