"""The footer shows the keys of the section on screen after every switch, and
rebuilds them only when they changed (tui/widgets/footer.py: a rebuild mounts
every key and lays the screen out again, a third of an F-key between built
sections; ``bench/keys.py`` measures the time)."""

from __future__ import annotations

import asyncio

from textual.widgets._footer import FooterKey

from tests.tui.conftest import settle
from tests.tui.group_data import hike_fixture  # noqa: F401 - the fixture "hike"
from tests.tui.screen_walk import screen_lines
from tui.widgets.footer import AppFooter

WIDE = (240, 30)  # every key fits: the footer shows them all
KEYS = ("f3", "f4", "f5", "f6", "f7", "f8", "f2")


def _wanted(screen) -> list[tuple[str, str, bool]]:
    """The keys the screen offers now, as the footer should show them: the
    first key of each action (Textual's footer shows one key per action)."""
    by_action: dict[str, tuple[str, str, bool]] = {}
    for (_node, binding, enabled, _tooltip) in screen.active_bindings.values():
        if binding.show:
            by_action.setdefault(binding.action, (binding.key, binding.description, not enabled))
    return list(by_action.values())


def _shown(screen) -> list[tuple[str, str, bool]]:
    footer = screen.query_one(AppFooter)
    return [(key.key, key.description, key.has_class("-disabled"))  # dimmed as painted
            for key in footer.keys_on_show()
            if not key.has_class("-command-palette")]  # Ctrl+P: the app's, on every screen


def _check_footer(app) -> None:
    screen = app.screen
    wanted = _wanted(screen)
    assert _shown(screen) == wanted, type(screen).__name__
    painted = screen_lines(app)[-1]
    for _key, description, _disabled in wanted:
        assert description in painted, (type(screen).__name__, description, painted)


def test_the_footer_shows_each_sections_keys_after_every_switch(logged_in_app):
    """F3 … F8, F2, three rounds (first visits, then sections built before): after
    each switch the footer on screen holds exactly the keys of that section —
    painted, not only mounted."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            _check_footer(app)
            for _round in range(3):
                for key in KEYS:
                    await pilot.press(key)
                    await settle(pilot)
                    _check_footer(app)

    asyncio.run(scenario())


def test_the_footer_follows_the_focus_inside_a_section(logged_in_app):
    """On People the search field offers "To the list" only while it has the focus
    … the footer shows the keys of the focused widget, also after a switch away
    and back with the focus moved meanwhile."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            _check_footer(app)
            people = app.screen
            await pilot.press("f2")
            await settle(pilot)
            people.query_one("#people-list").focus()  # moved while out of sight
            await pilot.press("f5")
            await settle(pilot)
            assert app.focused is people.query_one("#people-list")
            _check_footer(app)
            await pilot.press("ctrl+l")  # back to the search field
            await settle(pilot)
            _check_footer(app)

    asyncio.run(scenario())


def test_a_section_shown_again_with_the_same_keys_keeps_its_footer(logged_in_app):
    """F4, F2, F4: Friends offers the same keys as when it was left, so its footer
    keeps the keys it had (the same widgets, none mounted again)."""
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            friends = app.screen
            before = list(friends.query_one(AppFooter).keys_on_show())
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            assert app.screen is friends
            assert list(friends.query_one(AppFooter).keys_on_show()) == before
            _check_footer(app)

    asyncio.run(scenario())


def test_ctrl_b_is_dimmed_in_a_one_to_one_chat_and_lit_in_a_group(app_db, logged_in_app, hike):
    """Ctrl+B Members stays in every chat's footer, dimmed where it does
    nothing: going between a 1:1 chat and a group dims and lights the same
    key in place, as painted."""
    from tests.tui.test_groups import open_group
    from tui.chats import peer_key

    app = logged_in_app("anna")

    def members_key(screen) -> tuple[str, str, bool]:
        return next(k for k in _shown(screen) if k[0] == "ctrl+b")

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            dialogs = app.screen
            dialogs.select_chat(peer_key(app_db.michail.id))
            await settle(pilot)
            widgets = list(dialogs.query_one(AppFooter).keys_on_show())
            assert members_key(dialogs)[2] is True
            _check_footer(app)
            await open_group(pilot, hike)
            assert members_key(dialogs)[2] is False
            _check_footer(app)
            dialogs.select_chat(peer_key(app_db.michail.id))
            await settle(pilot)
            assert members_key(dialogs)[2] is True
            _check_footer(app)
            assert list(dialogs.query_one(AppFooter).keys_on_show()) == widgets

    asyncio.run(scenario())


def test_keys_that_change_keep_the_widgets_of_the_keys_on_show(logged_in_app):
    """F2 → F3 → F4 … and the focus moved on in each: the footer shows the
    keys wanted (as painted), and the keys on show keep their widgets; keys
    fewer than before are hidden, not removed, and a key is mounted only
    when more are wanted than the footer ever had (Textual removed every key
    and mounted them all again: 7–10 ms of a chat's first opening)."""
    app = logged_in_app("anna")
    mounted: list[FooterKey] = []

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            for key in KEYS:
                await pilot.press(key)
                await settle(pilot)
                footer = app.screen.query_one(AppFooter)
                before = list(footer.keys_on_show())
                wanted_before = _wanted(app.screen)
                app.screen.focus_next()  # another widget, other keys
                await settle(pilot)
                after = list(footer.keys_on_show())
                _check_footer(app)
                if _wanted(app.screen) == wanted_before:
                    continue
                mounted.append(key)
                kept = [widget for widget in after if widget in before]
                assert len(kept) == min(len(before), len(after)), key
                assert all(widget.is_attached for widget in before), key  # none removed
                hidden = [widget for widget in before if widget not in after]
                assert all(not widget.display for widget in hidden), key
            assert mounted, "no section's keys changed with the focus: nothing was checked"

    asyncio.run(scenario())


def test_a_groups_first_opening_mounts_no_footer_key(logged_in_app, hike):
    """Dialogs with the list focused, then a group opened as the first chat:
    the composer's keys and the group's Ctrl+B come in keys the footer
    already holds (hidden spares), none mounted as the chat opens (mounting
    them took ~4 ms of the first opening: issue 17), and it shows them all,
    as painted."""
    from tests.tui.test_groups import open_group

    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            footer = app.screen.query_one(AppFooter)
            held = list(footer.query_children(FooterKey))
            shown_before = list(footer.keys_on_show())
            await open_group(pilot, hike)
            assert "ctrl+b" in [key for key, _description, _dimmed in _shown(app.screen)]
            _check_footer(app)
            assert len(footer.keys_on_show()) > len(shown_before)
            assert list(footer.query_children(FooterKey)) == held  # none mounted, none removed

    asyncio.run(scenario())


def _check_box_footer(app, *painted_keys: str) -> None:
    """The dialog box on top shows its own keys in the footer, as painted
    (``painted_keys`` among them), and none of the keys of the screen behind
    it (they were left on show under every box but the members panel)."""
    box, behind = app.screen, app.screen_stack[-2]
    painted = screen_lines(app)[-1]
    own = {description for _key, description, _dimmed in _wanted(box)}
    for _key, description, _dimmed in _wanted(behind):
        if description not in own:
            assert description not in painted, (type(box).__name__, description, painted)
    for key in (*painted_keys, "f1 Help"):
        assert key in painted, (type(box).__name__, key, painted)
    _check_footer(app)


def test_a_dialog_box_shows_its_own_keys_in_the_footer(app_db, logged_in_app):
    """New post (n on the Feed), reacting and reposting (+, s on a card), New
    dialog and New group (Ctrl+N, Ctrl+T on Dialogs), New community (Ctrl+N
    on Communities), the command palette: while each box is open the footer
    shows the box's keys (Ctrl+S Publish, Esc Cancel, F1 Help …), none of the
    section's behind it (the Feed's l Like and d Delete, while l and d typed
    go into the post)."""
    app = logged_in_app("anna")
    boxes = [
        (("n",), "ComposerScreen", ("^s Publish", "esc Cancel")),
        (("plus",), "ReactionPicker", ("⏎ React", "esc Cancel")),
        (("s",), "RepostScreen", ("^s Share", "esc Cancel")),
        (("f3", "ctrl+n"), "NewDialogScreen", ("esc Cancel",)),
        (("ctrl+t",), "NewGroupScreen", ("esc Cancel",)),
        (("f6", "ctrl+n"), "CreateCommunityScreen", ("^s Save", "esc Cancel")),
        (("ctrl+p",), "LocalisedPalette", ("esc Exit the command palette",)),
    ]

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            for keys, box, painted_keys in boxes:
                await pilot.press(*keys)
                await settle(pilot)
                assert type(app.screen).__name__ == box
                _check_box_footer(app, *painted_keys)
                await pilot.press("escape")
                await settle(pilot)
                assert type(app.screen).__name__ != box

    asyncio.run(scenario())


def test_who_reacted_and_a_confirmation_show_their_own_keys(app_db, logged_in_app):
    """On a post's comments, w (who reacted) and d (delete, asks first): the
    footer shows the box's keys — Esc Close; y Yes, n No, Esc Cancel — and
    none of the comment list's (r Reply, c Comment …)."""
    from models import comments, posts
    from tui.screens.post import PostScreen

    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    comments.add_comment(app_db.olga.id, mine.id, "Nice first post")
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            app.push_screen(PostScreen(mine))
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            assert type(app.screen).__name__ == "ReactorsScreen"
            _check_box_footer(app, "esc Close")
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert type(app.screen).__name__ == "ConfirmScreen"
            _check_box_footer(app, "y Yes", "n No", "esc Cancel")
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, PostScreen)

    asyncio.run(scenario())


def test_a_dialog_box_opens_with_its_keys_made_and_styled_once(logged_in_app, monkeypatch):
    """A box's footer holds its keys as soon as the box is mounted (not a frame
    later, after the bindings' signal, as a section's footer does), keeps
    those widgets once shown, and none of the box's widgets is styled again as
    it is shown (Textual restyles every node of a screen shown; for a box just
    mounted that changed nothing and cost its opening a few ms: issue 17)."""
    from textual.css.stylesheet import Stylesheet

    from tui.screens.reaction_picker import ReactionPicker

    app = logged_in_app("anna")
    styled: list = []
    apply = Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        styled.append(node)
        return apply(self, node, *args, **kwargs)

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            monkeypatch.setattr(Stylesheet, "apply", counting)
            box = ReactionPicker()
            await app.push_screen(box)  # mounted, not yet shown
            footer = box.query_one(AppFooter)
            keys = list(footer.keys_on_show())
            assert [key.key for key in keys] == ["enter", "escape", "f1"]
            await settle(pilot)
            assert list(footer.keys_on_show()) == keys
            _check_box_footer(app, "⏎ React", "esc Cancel")
            assert [node for node in styled if node is footer or node in keys] == [footer, *keys]

    asyncio.run(scenario())


def test_a_chat_dims_edit_delete_and_read_marks_on_someone_elses_message(app_db, logged_in_app):
    """Up and down through a chat: on Olga's message e Edit, d Delete and
    i Who has read it are dimmed in place (they did nothing but say "You can
    change only your own messages"), and the key changes nothing; on my own
    message they are lit again and e starts editing it."""
    from models import messages
    from tests.tui.test_dialogs import open_chat
    from tui.widgets.composer import Composer

    messages.send_message(app_db.olga.id, app_db.anna.id, "from Olga", "theirs-1")
    messages.send_message(app_db.anna.id, app_db.olga.id, "from Anna", "mine-1")
    app = logged_in_app("anna")

    def dimmed(screen) -> dict[str, bool]:
        return {k[1]: k[2] for k in _shown(screen) if k[1] in ("Edit", "Delete", "Who has read it")}

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            chat = await open_chat(pilot, app_db.olga.id)
            chat.focus()
            await pilot.press("up")  # the newest, mine
            await settle(pilot)
            assert chat.selected_message.text == "from Anna"
            assert dimmed(app.screen) == {"Edit": False, "Delete": False, "Who has read it": False}
            _check_footer(app)
            await pilot.press("up")
            await settle(pilot)
            assert chat.selected_message.text == "from Olga"
            assert dimmed(app.screen) == {"Edit": True, "Delete": True, "Who has read it": True}
            _check_footer(app)
            composer = app.screen.query_one(Composer)
            await pilot.press("e", "d", "i")
            await settle(pilot)
            assert composer.text == "" and type(app.screen).__name__ == "DialogsScreen"
            await pilot.press("down")
            await settle(pilot)
            assert chat.selected_message.text == "from Anna"
            assert dimmed(app.screen) == {"Edit": False, "Delete": False, "Who has read it": False}
            await pilot.press("e")
            await settle(pilot)
            assert composer.text == "from Anna"  # editing it

    asyncio.run(scenario())


def test_a_key_to_a_field_is_dimmed_in_that_field(logged_in_app, tmp_path):
    """Ctrl+L goes to People's search, Music's search and the file picker's
    path: it was lit in that field too, where it does nothing. It is dimmed
    there, as painted, and lit in the list, where it goes to the field."""
    from tui.screens.file_picker import FilePickerScreen

    app = logged_in_app("anna")

    def ctrl_l_dimmed() -> bool:
        return next(dimmed for key, _description, dimmed in _shown(app.screen)
                    if key == "ctrl+l")

    async def in_and_out(pilot, field_id: str) -> None:
        """Ctrl+L to the field (dimmed there), Tab away (lit)."""
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.focused.id == field_id
        assert ctrl_l_dimmed()
        _check_footer(app)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused.id != field_id
        assert not ctrl_l_dimmed()
        _check_footer(app)

    async def scenario():
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            for section, field_id in (("f5", "people-search"), ("f8", "music-search")):
                await pilot.press(section)
                await settle(pilot)
                await in_and_out(pilot, field_id)
            app.push_screen(FilePickerScreen(tmp_path))
            await settle(pilot)
            await in_and_out(pilot, "file-picker-path")

    asyncio.run(scenario())
