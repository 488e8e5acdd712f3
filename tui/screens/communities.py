"""Communities: the ones I am in, and all of them with search as you type (F6)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, TabbedContent, TabPane
from textual.widgets.option_list import Option

from models import communities
from models.errors import DomainError
from models.views import CommunityView, UserRef
from tui.carry_over import reopens
from tui.formatting import plain
from tui.i18n import _, ngettext
from tui.key_order import AnswersSearch
from tui.keys import SWITCH_TAB, type_into
from tui.mounted import not_mounted_yet
from tui.screens.section import SectionScreen
from tui.widgets.app_header import AppHeader
from tui.widgets.footer import AppFooter
from tui.widgets.text_input import TextInput


def community_prompt(community: CommunityView) -> Text:
    """Name, member count and my membership; then the first line of about."""
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append_text(plain(community.name, "bold"))
    members = ngettext("{n} member", "{n} members", community.member_count)
    text.append("  · " + members.format(n=community.member_count), "dim")
    if community.is_member:
        text.append("  ✓ " + _("member"), "green")
    text.append("\n")
    text.append_text(plain(community.about.split("\n", 1)[0] or " ", "dim"))
    return text


class CommunitiesScreen(AnswersSearch, SectionScreen):
    """Pick a community to open it; ctrl+n founds a new one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "create", "New community", id="communities.new"),
        Binding("down", "to_list", "To the list", show=False, id="communities.to_list"),
        *SWITCH_TAB,
    ]

    DEFAULT_CSS = """
    CommunitiesScreen TabbedContent, CommunitiesScreen ContentSwitcher, CommunitiesScreen TabPane { height: 1fr; }
    CommunitiesScreen OptionList { height: 1fr; border: none; }
    CommunitiesScreen #communities-search { margin: 0 0 1 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.me: UserRef = self.app.current_user
        self.shown: dict[str, list[CommunityView]] = {"my": [], "all": []}

    def compose(self) -> ComposeResult:
        yield AppHeader(self.app.section_title("communities"))
        with TabbedContent(id="communities-tabs"):
            with TabPane(_("My communities"), id="my"):
                yield OptionList(id="list-my")
            with TabPane(_("All communities"), id="all"):
                yield TextInput(placeholder=_("Search communities by name"), id="communities-search")
                yield OptionList(id="list-all")
        yield AppFooter()

    def on_mount(self) -> None:
        self.load_mine()
        self.load_all("")

    def on_screen_resume(self) -> None:
        self.load_mine()
        self.load_all(self.query_one("#communities-search", Input).value)
        self._ready_ahead(self._active_list().highlighted_option)

    def _active_list(self) -> OptionList:
        return self.query_one(f"#list-{self.query_one(TabbedContent).active or 'my'}", OptionList)

    @work(thread=True, exclusive=True, group="communities-mine")
    def load_mine(self) -> None:
        try:
            mine = communities.my_communities(self.me.id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, "my", mine)

    @work(thread=True, exclusive=True, group="communities-all")
    def load_all(self, query: str) -> None:
        try:
            page = communities.all_communities(self.me.id, query=query, limit=50)
        except DomainError as exc:
            self.app.call_from_thread(self._failed_search, query, exc)
            return
        self.app.call_from_thread(self._show_found, query, list(page.items))

    def question(self) -> str:
        return self.query_one("#communities-search", Input).value

    def _failed_search(self, query: str, exc: DomainError) -> None:
        if query == self.question():
            self.answered = query  # the keys held for the answer go on
        self.app.show_error(exc)

    def _show_found(self, query: str, found: list[CommunityView]) -> None:
        if query == self.question():
            self.answered = query
            self._show("all", found)  # else the answer to something typed before

    def _show(self, tab: str, found: list[CommunityView]) -> None:
        if not_mounted_yet(self, f"#list-{tab}", lambda: self._show(tab, found)):
            return
        if self.query_one(f"#list-{tab}", OptionList).option_count and found == self.shown[tab]:
            return  # read again on every visit: redraw only a change
        self.shown[tab] = found
        options = self.query_one(f"#list-{tab}", OptionList)
        keep = options.highlighted
        if found:
            options.set_options(Option(community_prompt(c), id=f"c-{c.id}") for c in found)
            options.highlighted = min(keep or 0, len(found) - 1)
        else:
            hint = (_("You are in no community yet. Look in All communities, or press ctrl+n.")
                    if tab == "my" else _("No community matches."))
            options.set_options([Option(Text(hint, style="dim italic"), disabled=True)])

    @on(Input.Changed, "#communities-search")
    def _search(self, event: Input.Changed) -> None:
        self.load_all(event.value)

    @on(Input.Submitted, "#communities-search")
    def _to_results(self) -> None:
        self.query_one("#list-all", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":  # ↓ in the search field; the lists move on their own
            return self.focused is self.query_one("#communities-search", Input)
        return True

    def action_to_list(self) -> None:
        self._to_results()

    def on_key(self, event: events.Key) -> None:
        """Typing in either list searches All communities (the one text field)."""
        search = self.query_one("#communities-search", Input)
        tabs = self.query_one(TabbedContent)
        if tabs.active == "all":
            type_into(search, event)
        elif type_into(search, event):
            tabs.active = "all"  # its TabActivated keeps the focus in the search

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        target = "#communities-search" if event.pane.id == "all" else "#list-my"
        self.query_one(target).focus()
        self._ready_ahead(self._active_list().highlighted_option)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self._active_list():  # (not the other tab's, read again)
            self._ready_ahead(event.option)

    def _ready_ahead(self, option: Option | None) -> None:
        """The page of the community the cursor rests on made ready out of
        sight, so Enter only shows it (``tui/ready_ahead.py``); while this
        screen is shown only, not as its lists are read again under another."""
        if option is None or not option.id or self.app.screen is not self:
            return
        community_id = _community_of(option)
        self.app.ready_soon(("community", community_id,
                             lambda screen: screen.show_community(community_id)))

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_community(_community_of(event.option))

    def action_create(self) -> None:
        from tui.screens.create_community import CreateCommunityScreen

        def created(community: CommunityView | None) -> None:
            if community is not None:
                self.load_mine()
                self.app.open_community(community.id)

        self.app.push_screen(reopens(CreateCommunityScreen(), CommunitiesScreen.action_create),
                             created)


def _community_of(option: Option) -> int:
    """The community a line of the lists names (its id, ``c-<id>``)."""
    return int(option.id.removeprefix("c-"))  # type: ignore[union-attr]
