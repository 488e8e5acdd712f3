"""A group's members panel (ctrl+b in a group's chat): who is in it, with roles.

The owner and the admins add and remove members and rename the group; the
owner names and revokes admins; anyone can leave. Keys a person may not use
are not offered (the footer and the help leave them out); the domain checks
every change again and its refusal is shown as it says it.

The first panel opened in a session is kept by the app and shown again for
the next group (``show_group``, ``tui/kept_screens.py``; built empty out of
sight after log-in): refilled with the group's members, read before, and its
footer's keys, while out of sight, then shown: never a frame of the last
group's members.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models import groups
from models.errors import DomainError
from models.views import GroupInfo, GroupMember
from tui.carry_over import Reopens, reopens
from tui.events import PeopleChanged
from tui.formatting import plain
from tui.i18n import _, ngettext
from tui.kept_screens import LaidOutOutOfSight, footer_keys_out_of_sight
from tui.kept_typing import KeepsTyped, kept_for
from tui.screens.modal_box import ModalBox
from tui.widgets.one_line import OneLine

MANAGERS = ("owner", "admin")


def role_label(role: str) -> str:
    return {"owner": _("owner"), "admin": _("admin")}.get(role, _("member"))


def member_row(member: GroupMember, me_id: int) -> Text:
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append_text(plain(member.user.full_name, "bold"))
    text.append_text(plain(f"  @{member.user.login}", "dim"))
    if member.user.id == me_id:
        text.append("  " + _("(you)"), "dim italic")
    if member.role in MANAGERS:
        text.append("  " + role_label(member.role), "bold")
    return text


def read_members(me_id: int, dialog_id: int) -> tuple[GroupInfo, list[GroupMember]]:
    """The group as I see it and its members (in a worker)."""
    info = groups.group_info(me_id, dialog_id)
    # Today's members are for members: someone removed sees only the title.
    members = [] if info.read_only else list(groups.group_members(me_id, dialog_id))
    return info, members


class GroupMembersScreen(Reopens, LaidOutOutOfSight, ModalBox[None]):
    """The members of ``dialog_id`` as I may see and change them;
    ``GroupMembersScreen(None)``: built empty out of sight, kept, and filled
    for a group by ``show_group``. A new language opens it again from the
    group's chat, once its members are read (``REOPENED_LATER``)."""

    REOPENED_LATER = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="members.add"),
        Binding("x,delete", "remove", "Remove", id="members.remove"),
        Binding("e", "rename", "Rename", id="members.rename"),
        Binding("o", "toggle_admin", "Admin on/off", id="members.admin"),
        Binding("ctrl+l", "leave", "Leave the group", id="members.leave"),
        Binding("escape", "close", "Close", id="members.close"),
    ]

    DEFAULT_CSS = """
    GroupMembersScreen { align: center middle; }
    GroupMembersScreen > Vertical {
        width: 70;
        max-width: 95%;
        height: 26;
        max-height: 95%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    GroupMembersScreen #members-title { text-style: bold; }
    GroupMembersScreen #members-status { color: $text-muted; padding-bottom: 1; }
    GroupMembersScreen OptionList { height: 1fr; }
    """

    def __init__(self, dialog_id: int | None,
                 read: tuple[GroupInfo, list[GroupMember]] | None = None) -> None:
        """``read``: the group and its members, read before the panel is pushed
        (``read_members``): shown as it is composed, so its first layout is its
        only one and its footer's keys are right from the start."""
        super().__init__()
        self.me_id = self.app.current_user.id
        self.dialog_id = dialog_id
        self.info: GroupInfo | None = None
        self.members: list[GroupMember] = []
        self._read = read
        self.filling = False  # its footer's keys being rebuilt out of sight (tui/kept_screens.py)
        if read is not None:
            self.info, self.members = read

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="members-title", markup=False)
            yield Static("", id="members-status", markup=False)
            yield OptionList(id="members-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if self._read is not None:
            self._show(*self._read)
            self._read = None
        elif self.dialog_id is not None:  # (None: built out of sight, for the first one)
            self.load()

    # ------------------------------------------------------------ reading

    async def show_group(self, dialog_id: int,
                         read: tuple[GroupInfo, list[GroupMember]]) -> None:
        """This panel, kept by the app, refilled out of sight with ``read``
        (``read_members``, for ``dialog_id``) and its footer's keys, then
        shown (``screen_filled``): nothing of the last group on it, the cursor
        on the first member. A read for the last group still under way is
        dropped (``_show_read``)."""
        self.dialog_id = dialog_id
        with self.app.batch_update():
            self._show(*read, fresh=True)
        self.set_focus(self.query_one(OptionList))
        await footer_keys_out_of_sight(self)
        self.app.call_next(self._filled, dialog_id)

    def _filled(self, dialog_id: int) -> None:
        self.filling = False  # (footer_keys_out_of_sight)
        if dialog_id == self.dialog_id:
            self.app.screen_filled(self)

    def show_unfilled(self) -> None:
        """Shown before it was filled: nothing to empty (its members are on it
        before it waits; only its footer's keys may come after)."""

    @work(thread=True, exclusive=True, group="members-load")
    def load(self) -> None:
        dialog_id = self.dialog_id
        try:
            info, members = read_members(self.me_id, dialog_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show_read, dialog_id, info, members)

    def on_people_changed(self, event: PeopleChanged) -> None:
        """A member renamed themselves (tui/live.py): the rows read again."""
        if self.dialog_id is not None and any(m.user.id in event.people for m in self.members):
            self.load()

    def _show_read(self, dialog_id: int, info: GroupInfo, members: list[GroupMember]) -> None:
        if dialog_id == self.dialog_id:  # not read for the group shown before
            self._show(info, members)

    def _show(self, info: GroupInfo, members: list[GroupMember], *, fresh: bool = False) -> None:
        """``fresh``: another group than the one shown (the cursor to the top)."""
        self.info, self.members = info, members
        self.query_one("#members-title", Static).update(plain(info.title, "bold"))
        if info.read_only:
            status = _("You are no longer a member of this group.")
        else:
            you = {"owner": _("you are the owner"), "admin": _("you are an admin")}.get(
                info.my_role or "member", _("you are a member"))
            status = ngettext("{n} member", "{n} members", info.member_count).format(
                n=info.member_count) + " · " + you
        self.query_one("#members-status", Static).update(status)
        listing = self.query_one(OptionList)
        keep = None if fresh else listing.highlighted
        # One line each, measured by none and drawn only as they are shown: a
        # Text prompt is measured for every member (tui/widgets/one_line.py).
        listing.set_options(Option(OneLine.of(member_row(m, self.me_id)), id=f"member-{m.user.id}")
                            for m in members)
        if members:
            listing.highlighted = min(keep or 0, len(members) - 1)
        self.refresh_bindings()

    # ------------------------------------------------------------ who may do what

    @property
    def my_role(self) -> str | None:
        return None if self.info is None or self.info.read_only else self.info.my_role

    @property
    def chosen(self) -> GroupMember | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.members):
            return None
        return self.members[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        role = self.my_role
        if action in ("add", "remove", "rename"):
            return role in MANAGERS
        if action == "toggle_admin":  # dimmed on the owner's own row: the owner stays
            chosen = self.chosen
            return role == "owner" and (chosen is not None and chosen.role != "owner" or None)
        if action == "leave":
            return role is not None
        return True

    # ------------------------------------------------------------ changing

    @work(thread=True, group="members-change")
    def change(self, call: Callable[[], object], box: KeepsTyped | None = None) -> None:
        """Run one change in the domain, then show the members again. Refused,
        ``box`` (the one it was asked in) gets back what was typed in it."""
        try:
            call()
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error if box is None else box.when_refused,
                                      exc)
        self.load()

    def action_add(self) -> None:
        from tui.screens.new_group import NewGroup, NewGroupScreen

        if self.info is None:
            return

        def picked(choice: NewGroup | None) -> None:
            if choice is not None and choice.members:
                ids = [user.id for user in choice.members]
                self.change(lambda: groups.add_members(self.me_id, self.dialog_id, ids), box)

        present = {m.user.id for m in self.members}
        box = kept_for(NewGroupScreen(adding_to=(self.info.title, present)), self.dialog_id)
        self.app.push_screen(reopens(box, GroupMembersScreen.action_add), picked)

    def action_remove(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        member = self.chosen
        if member is None:
            return
        if member.user.id == self.me_id:
            self.action_leave()
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                user_id = member.user.id
                self.change(lambda: groups.remove_member(self.me_id, self.dialog_id, user_id))

        self.app.push_screen(ConfirmScreen.naming(
            _("Remove {name} from the group?"), member.user.id, member.user.full_name,
            confirm_label=_("Remove")), done)

    def action_rename(self) -> None:
        from tui.screens.playlist_name import PlaylistNameScreen

        if self.info is None:
            return

        def rename(title: str) -> str:
            groups.rename_group(self.me_id, self.dialog_id, title)
            return title

        def renamed(title: str | None) -> None:
            if title is not None:
                self.load()

        self.app.push_screen(
            reopens(kept_for(PlaylistNameScreen(_("Rename the group"), rename, self.info.title,
                                                label=_("Group title"), field="title"),
                             ("group", self.dialog_id)),
                    GroupMembersScreen.action_rename),
            renamed,
        )

    def action_toggle_admin(self) -> None:
        member = self.chosen
        if member is None or member.role == "owner":
            return
        user_id, make = member.user.id, member.role != "admin"
        self.change(lambda: groups.set_admin(self.me_id, self.dialog_id, user_id, make))

    def action_leave(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.change(lambda: groups.leave_group(self.me_id, self.dialog_id))

        question = _("Leave the group? You keep its history up to now, read only.")
        if self.my_role == "owner":
            question = _("Leave the group? The longest-standing admin (or member) becomes its "
                         "owner; you keep its history up to now, read only.")
        self.app.push_screen(ConfirmScreen(question, confirm_label=_("Leave")), done)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()  # Admin on/off: dimmed on the owner's row

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter on a member: nothing more to open here

    def action_close(self) -> None:
        self.dismiss(None)
