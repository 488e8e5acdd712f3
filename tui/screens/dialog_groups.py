"""The Dialogs screen's group side: creating a group, the members panel, who
has read a message, and what a group's chat needs (senders' names and avatars,
system lines, @mentions, the read-only state of someone removed).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from rich.text import Text
from textual import events, work
from textual.app import SystemCommand

from models.errors import DomainError
from models.views import DialogSummary, MessageView
from tui import chats
from tui.carry_over import reopens
from tui.formatting import plain
from tui.i18n import _, ngettext
from tui.kept_typing import KeepsTyped
from tui.mentions import mentions
from tui.system_text import system_line_of
from tui.widgets.chat_view import ChatView
from tui.widgets.composer import Composer


class DialogGroupsMixin:
    """For ``DialogsScreen``: groups on top of the chat of ``self.chat``."""

    # ------------------------------------------------------------ the chat of a group

    def _set_up_chat(self, key: str, summary: DialogSummary) -> None:
        """The chat pane for the chat ``key``: as a group's or a dialog's."""
        chat = self.query_one(ChatView)
        group = chats.is_group(key)
        if chat.group != group:
            chat.group = group
            chat.faces = {}
        chat.system_line = system_line_of
        me_login = self.me.login
        chat.mentions_me = (lambda m: m.mentions_me or mentions(m.text, me_login)) if group \
            else (lambda m: False)
        composer = self.query_one(Composer)
        composer.mention_logins = []
        composer.in_group = group
        # A group's members' logins are read when an "@" is first typed (or
        # is in its draft), not as the chat opens: 500 of them, read and made
        # into rows in a thread while the chat was drawn, held the interpreter
        # from the drawing. Nothing on screen shows them; Tab after "@" uses them.
        composer.wants_mentions = partial(self._mention_logins_of_shown, key) if group else None
        self._show_read_only(summary.read_only)

    def _mention_logins_of_shown(self, key: str) -> None:
        if key == self.chat:
            self.load_mention_logins(key)

    def _show_read_only(self, read_only: bool) -> None:
        """A group I was removed from (or left): its history, read only, saying so."""
        composer = self.query_one(Composer)
        self.read_only = read_only
        chat = self.query_one(ChatView)
        chat.read_only = read_only
        chat.can_focus = True  # it waited out of the focus's reach for a chat, as the composer did
        chat.refresh_bindings()
        # In the focus's reach first (it waited out of it for a chat): its
        # disabled look (Textual's :disabled:can-focus) is matched as disabled is set.
        composer.can_focus = True
        composer.disabled = read_only
        composer.placeholder = (
            _("You are no longer a member of this group: its history up to then, read only.")
            if read_only else _("Write a message… (enter sends, ctrl+j new line)"))

    def _chat_title(self, summary: DialogSummary) -> Text:
        from tui.widgets.dialog_list import dialog_title

        title = Text(end="")
        title.append_text(plain(dialog_title(summary, self.me.id)))
        if summary.kind == "group" and summary.read_only:
            title.append("  " + _("read only"), "dim italic")
        elif summary.kind == "group":
            title.append("  " + ngettext("{n} member", "{n} members", summary.member_count).format(
                n=summary.member_count), "dim")
        elif summary.peer.id != self.me.id:
            title.append_text(plain(f"  @{summary.peer.login}", "dim"))
        return title

    @work(thread=True, exclusive=True, group="mention-logins")
    def load_mention_logins(self, key: str) -> None:
        from models import groups

        try:
            logins = groups.member_logins(self.me.id, chats.parse_key(key)[1])
        except DomainError:
            return  # nothing to complete: Tab moves on as in any field
        self.app.call_from_thread(self._set_mention_logins, key, logins)

    def _set_mention_logins(self, key: str, logins: list[str]) -> None:
        if key == self.chat:
            self.query_one(Composer).mention_logins = [  # completions() sorts them
                login for login in logins if login != self.me.login]

    def mention_logins_as_now(self, people) -> None:  # type: ignore[no-untyped-def]
        """Someone took a new login (``PeopleChanged``): once the open group's
        logins are read, they are read again, so Tab after "@" completes a
        member's new login, not the old one."""
        composer = self.query_one(Composer)
        if (self.chat is not None and chats.is_group(self.chat)
                and composer.wants_mentions is None
                and any(person.login not in composer.mention_logins
                        for person in people.values() if person.id != self.me.id)):
            self.load_mention_logins(self.chat)

    @work(thread=True, group="faces")
    def load_faces(self, key: str, arrived: list[MessageView], again: bool = False) -> None:
        faces = self._faces_for(key, arrived, again)
        if faces:
            self.app.call_from_thread(self._show_faces, key, faces)

    def _show_faces(self, key: str, faces: dict) -> None:
        if key == self.chat:
            self.query_one(ChatView).set_faces(faces)

    # ------------------------------------------------------------ keys

    def action_new_group(self) -> None:
        from tui.screens.new_group import NewGroup, NewGroupScreen

        box = NewGroupScreen()

        def chosen(choice: NewGroup | None) -> None:
            if choice is not None:
                self.create_group(choice.title, [user.id for user in choice.members], box)

        self.app.push_screen(reopens(box, type(self).action_new_group), chosen)

    @work(thread=True, group="create-group")
    def create_group(self, title: str, member_ids: list[int], box: KeepsTyped) -> None:
        """Refused (someone picked has blocked me), the box it was asked
        from opens again with the title and the people picked."""
        from models import groups

        try:
            dialog_id = groups.create_group(self.me.id, title, member_ids)
        except DomainError as exc:
            self.app.call_from_thread(box.when_refused, exc)
            return
        self.app.call_from_thread(self.select_chat, chats.group_key(int(dialog_id)))
        self.load_dialogs()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "members":
            # A 1:1 chat has no members panel: its footer shows the key dimmed,
            # so the footer's keys stay the same from one chat to the next and
            # opening a chat lays none of them out again.
            if self.chat is None:
                return False  # no chat open yet: not offered
            return True if chats.is_group(self.chat) else None
        return super().check_action(action, parameters)

    members_coming: str | None = None  # the group whose members panel is being read

    def holds_key(self, event: events.Event, focused: object) -> bool:
        """While the members panel a key asked for is read, every key after it
        waits, Esc too: it goes to the panel once it is shown (at most
        ``KEY_HOLD``: tui/key_order.py)."""
        if self.members_coming is not None and any(
                worker.node is self and worker.group == "members-open" and not worker.is_finished
                for worker in self.app.workers):
            return True
        return super().holds_key(event, focused)

    def action_members(self) -> None:
        """The members panel, pushed once the group and its members are read:
        composed with them, it is laid out once (it was composed empty, then
        laid out again for the 500 rows and again for its footer's keys)."""
        if not chats.is_group(self.chat):
            self.notify(_("Members are a group's: open a group first."))
            return
        if self.members_coming == self.chat:
            return  # asked again while it is read
        self.members_coming = self.chat
        self._read_members(self.chat, self.me.id, chats.parse_key(self.chat)[1])

    @work(thread=True, exclusive=True, group="members-open")
    def _read_members(self, key: str, me_id: int, dialog_id: int) -> None:
        from tui.screens.group_members import read_members

        try:
            read = read_members(me_id, dialog_id)
        except DomainError as exc:
            self.app.call_from_thread(self._members_failed, key, exc)
            return
        self.app.call_from_thread(self._push_members, key, dialog_id, read)

    def _members_failed(self, key: str, exc: DomainError) -> None:
        if self.members_coming == key:
            self.members_coming = None
        self.app.show_error(exc)

    async def _push_members(self, key: str, dialog_id: int, read: tuple) -> None:
        """The panel kept since the first (``tui/kept_screens.py``), refilled
        with ``read`` out of sight and shown once filled; else a new one."""
        from tui.screens.group_members import GroupMembersScreen

        if self.members_coming != key:
            return
        self.members_coming = None
        if key != self.chat or self.app.screen is not self:
            return  # the person went elsewhere meanwhile (a click, another chat)

        def closed(_result: object) -> None:
            if key == self.chat:
                self.load_chat_info(key)
            self.load_dialogs()

        panel = self.app.kept_screen("group-members")
        if panel is None:
            new = reopens(GroupMembersScreen(dialog_id, read), type(self).action_members)
            self.app.push_screen(self.app.keep_screen("group-members", new), closed)
            return
        reopens(panel, type(self).action_members)  # a new language: from the group's chat again
        self.app.show_when_filled(panel, closed)
        await panel.show_group(dialog_id, read)

    @work(thread=True, exclusive=True, group="chat-info")
    def load_chat_info(self, key: str) -> None:
        """The open group's title, size and my membership again (after a change)."""
        try:
            summary = chats.open_chat(self.me.id, key)
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self._show_chat_info, key, summary)

    def _show_chat_info(self, key: str, summary: DialogSummary) -> None:
        if key != self.chat:
            return
        was_read_only = self.read_only
        self._paint_title(summary)
        self._show_read_only(summary.read_only)
        if summary.read_only != was_read_only:
            self.load_chat(key)  # removed: what I may still see; added back: all of it
        elif chats.is_group(key) and self.query_one(Composer).wants_mentions is None:
            self.load_mention_logins(key)  # read already: read again, members may have changed

    def _show_receipts(self, message: MessageView) -> None:
        from tui.screens.read_receipts import ReadReceiptsScreen

        if message.sender.id != self.me.id:
            self.notify(_("Read marks are shown for your own messages."), severity="warning")
            return
        self.app.push_screen(ReadReceiptsScreen(message.id))


def group_commands(app, screen) -> Iterator[SystemCommand]:
    """The palette's group commands: New group anywhere, Members in a group's chat."""
    from tui.screens.dialogs import DialogsScreen

    def new_group() -> None:
        app.switch_mode("dialogs")
        dialogs = app._screen_stacks["dialogs"][0]
        dialogs.call_after_refresh(dialogs.action_new_group)

    yield SystemCommand(_("New group"), _("Create a group conversation and pick its members"),
                        new_group)
    if isinstance(screen, DialogsScreen) and chats.is_group(screen.chat):
        yield SystemCommand(_("Group members"), _("Who is in this group; add, remove, rename"),
                            screen.action_members)
