"""Friends: my friends, requests to me and requests from me, in three tabs (F4)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import OptionList, TabbedContent, TabPane
from textual.widgets.option_list import Option

from models import friends
from models.errors import DomainError
from models.text import clean_line
from models.views import Relation, UserRef
from tui.events import DatabaseBack, FriendsChanged, PeopleChanged
from tui.formatting import plain
from tui.friendship import act_if_unchanged, changed_meanwhile_text
from tui.i18n import _
from tui.keys import SWITCH_TAB
from tui.mounted import not_mounted_yet
from tui.ready_ahead import profile_wanted
from tui.screens.section import SectionScreen
from tui.widgets.app_header import AppHeader
from tui.widgets.footer import AppFooter

TABS = ("friends", "incoming", "outgoing")


def person_prompt(user: UserRef) -> Text:
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append_text(plain(user.full_name, "bold"))
    text.append_text(plain(f"  @{user.login}", "dim"))
    return text


class FriendsScreen(SectionScreen):
    """Accept, decline, cancel, remove; open a profile or write to a friend."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "profile", "Profile", id="friends.profile"),
        Binding("m", "message", "Write", id="friends.message"),
        Binding("a", "accept", "Accept", id="friends.accept"),
        Binding("d", "decline", "Decline", id="friends.decline"),
        Binding("c", "cancel_request", "Cancel request", id="friends.cancel"),
        Binding("x", "remove", "Remove friend", id="friends.remove"),
        Binding("1", "tab('friends')", "Friends", show=False, id="friends.tab_friends"),
        Binding("2", "tab('incoming')", "Incoming", show=False, id="friends.tab_incoming"),
        Binding("3", "tab('outgoing')", "Outgoing", show=False, id="friends.tab_outgoing"),
        *SWITCH_TAB,
    ]

    DEFAULT_CSS = """
    FriendsScreen TabbedContent, FriendsScreen ContentSwitcher, FriendsScreen TabPane { height: 1fr; }
    FriendsScreen OptionList { height: 1fr; border: none; }
    FriendsScreen .empty-hint { color: $text-muted; padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.me: UserRef = self.app.current_user
        self.people: dict[str, list[UserRef]] = {tab: [] for tab in TABS}
        self._shown_once = False

    def compose(self) -> ComposeResult:
        yield AppHeader(self.app.section_title("friends"))
        with TabbedContent(id="friends-tabs"):
            with TabPane(_("Friends"), id="friends"):
                yield OptionList(id="list-friends")
            with TabPane(_("Incoming"), id="incoming"):
                yield OptionList(id="list-incoming")
            with TabPane(_("Outgoing"), id="outgoing"):
                yield OptionList(id="list-outgoing")
        yield AppFooter()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()
        self._ready_ahead()

    def on_friends_changed(self, event: FriendsChanged) -> None:
        self.load()  # a request came, was answered or taken back: live

    def on_people_changed(self, event: PeopleChanged) -> None:
        """Someone listed renamed themselves (or took another login, another
        avatar): the lists read again, in their new order, the cursor on the
        same person (``_show``)."""
        if any(person.id in event.people for listed in self.people.values() for person in listed):
            self.load()

    def on_database_back(self, event: DatabaseBack) -> None:
        self.load()

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active or "friends"

    def selected_person(self) -> UserRef | None:
        options = self.query_one(f"#list-{self.tab}", OptionList)
        people = self.people[self.tab]
        if options.highlighted is None or options.highlighted >= len(people):
            return None
        return people[options.highlighted]

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="friends-load")
    def load(self) -> None:
        try:
            lists = {
                "friends": friends.friends(self.me.id),
                "incoming": friends.incoming_requests(self.me.id),
                "outgoing": friends.outgoing_requests(self.me.id),
            }
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, lists)

    def _show(self, lists: dict[str, list[UserRef]]) -> None:
        if not_mounted_yet(self, "#list-outgoing", lambda: self._show(lists)):
            return
        empty = {
            "friends": _("No friends yet. Find people in People (F5)."),
            "incoming": _("Nobody is waiting for your answer."),
            "outgoing": _("You have no requests waiting."),
        }
        titles = {"friends": _("Friends"), "incoming": _("Incoming"), "outgoing": _("Outgoing")}
        tabs = self.query_one(TabbedContent)
        if self._shown_once and all(lists[tab] == self.people[tab] for tab in TABS):
            return  # read again on every visit: redraw (lists, tab labels, keys) only a change
        self._shown_once = True
        for tab in TABS:
            people = lists[tab]
            options = self.query_one(f"#list-{tab}", OptionList)
            keep = options.highlighted
            before = self.people[tab]
            if keep is not None and keep < len(before):
                # A live reload keeps the cursor on the same person, not the same row.
                same = [i for i, p in enumerate(people) if p.id == before[keep].id]
                keep = same[0] if same else keep
            self.people[tab] = people
            if people:
                options.set_options(Option(person_prompt(p), id=f"user-{p.id}") for p in people)
                options.highlighted = min(keep or 0, len(people) - 1)
            else:
                options.set_options([Option(Text(empty[tab], style="dim italic"), disabled=True)])
            label = titles[tab] + (f" ({len(people)})" if people else "")
            tabs.get_tab(tab).label = label
        self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
        self.query_one(f"#list-{self.tab}", OptionList).focus()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#list-{tab}", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_profile()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()
        self._ready_ahead()

    def _ready_ahead(self) -> None:
        """The profile of the person the cursor rests on made ready out of
        sight, so Enter only shows it (``tui/ready_ahead.py``)."""
        person = self.selected_person() if self.app.screen is self else None
        if person is not None:
            self.app.ready_soon(*profile_wanted(self.app, person.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        wanted = {
            "accept": "incoming",
            "decline": "incoming",
            "cancel_request": "outgoing",
            "remove": "friends",
            "message": "friends",
        }
        if action in wanted:
            return self.tab == wanted[action] and self.selected_person() is not None
        if action == "profile":
            return self.selected_person() is not None
        return True

    # ------------------------------------------------------------ actions

    @work(thread=True, group="friends-change")
    def change(self, verb: str, other: UserRef) -> None:
        """Act on the relation as it is now, not as the list last showed it."""
        try:
            found = act_if_unchanged(verb, self.me.id, other.id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
        else:
            self.app.call_from_thread(self._changed, verb, other, found)
        self.app.call_from_thread(self.load)

    def _changed(self, verb: str, other: UserRef, found: Relation | None) -> None:
        name = clean_line(other.full_name)
        if found is not None:
            self.notify(changed_meanwhile_text(found, name), severity="warning", markup=False)
        elif verb == "accept":
            self.notify(_("You and {name} are friends now.").format(name=name), markup=False)

    def action_profile(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.app.open_profile(person.id)

    def action_message(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.app.open_dialog(person.id)

    def action_accept(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.change("accept", person)

    def action_decline(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.change("decline", person)

    def action_cancel_request(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.change("cancel", person)

    def action_remove(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        person = self.selected_person()
        if person is None:
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.change("remove", person)

        self.app.push_screen(ConfirmScreen.naming(
            _("Remove {name} from your friends?"), person.id, person.full_name,
            confirm_label=_("Remove")), done)
