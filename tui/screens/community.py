"""One community: what it is about, its members, its posts (post cards, as in
the feed); join, leave, post with pictures and tracks attached (drill-down).

The first community opened in a session is kept by the app and shown again
for the next one (``show_community``, ``tui/kept_screens.py``): composing,
styling and mounting it, the mini-player included, and laying it out whole
was most of the key (0.3–0.5 s on the shared 2-core machine). Its community,
members and first page of posts are read in one worker and shown in one call
(one layout, not one per read); keys typed meanwhile wait for them
(``holds_key``), so words typed as it opens go into its post box.

Its post box (drafts, publishing) is ``community_post_box.py``; joining,
leaving and deleting, ``community_changes.py``.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from models import communities, posts
from models.errors import DomainError
from models.views import CommunityView, Page, PostView, UserRef
from tui.carry_over import BringBack, app_opens, reopened, reopens
from tui.events import PeopleChanged
from tui.formatting import plain
from tui.i18n import _, ngettext
from tui.kept_screens import LaidOutOutOfSight, footer_keys_out_of_sight
from tui.key_order import leaves
from tui.keys import LocalisedBindings, type_into
from tui.screens.community_changes import CommunityChangesMixin
from tui.screens.community_post_box import CommunityPostBoxMixin, hide_chips
from tui.screens.section import BlinksOnlyWhenShown, RestylesOnlyWhenNeeded, closed_before_mount
from tui.widgets.app_header import AppHeader
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.composer import Composer
from tui.widgets.footer import AppFooter
from tui.widgets.one_line import OneLine
from tui.widgets.post_box import PostComposer
from tui.widgets.post_list import PostList
from tui.widgets.static_text import show_text

POSTS_PAGE = 20


def _member_line(name: str) -> OneLine | Text:
    """A member's name on one line, cut with "…" when longer than the list:
    measured without rendering (``OneLine``; 50 names on each opening)."""
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    text.append_text(plain(name))
    return OneLine.of(text)


class CommunityScreen(CommunityPostBoxMixin, CommunityChangesMixin, LaidOutOutOfSight,
                      BlinksOnlyWhenShown, RestylesOnlyWhenNeeded, LocalisedBindings, Screen):
    """``CommunityScreen(community_id)``; escape goes back. Kept by the app and
    shown again for the next community (``show_community``): nothing of the
    last one stays on it (name, members, posts, join state, post box).
    ``CommunityScreen(None)`` is built empty after log-in, out of sight, for
    the session's first community (``prepare_kept_screens``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys a text area leaves alone, so they work while writing a post too
        # (but ctrl+o / ctrl+l, which the post box binds to attach while it has the focus).
        Binding("ctrl+t", "join", "Join", id="community.join"),
        Binding("ctrl+l", "leave", "Leave", id="community.leave"),
        Binding("ctrl+o", "edit", "Edit", id="community.edit"),
        Binding("ctrl+b", "delete", "Delete community", id="community.delete"),
        Binding("ctrl+s", "publish", "Publish", show=False, id="community.publish"),
    ]

    # Its footer's keys follow its bindings only while it is shown; refilled
    # out of sight, they are rebuilt once, for what it shows (tui/widgets/footer.py).
    KEYS_REBUILT_WHEN_SHOWN = True

    DEFAULT_CSS = """
    CommunityScreen #community-side { width: 34; border-right: vkey $foreground 20%; }
    CommunityScreen #community-name { text-style: bold; padding: 0 1; background: $boost; }
    CommunityScreen #community-about { padding: 0 1 1 1; height: auto; max-height: 12; }
    CommunityScreen #community-facts { padding: 0 1; color: $text-muted; height: auto; }
    CommunityScreen #members-title { padding: 1 1 0 1; text-style: bold; }
    CommunityScreen #members { height: 1fr; border: none; scrollbar-gutter: stable; }
    CommunityScreen #posts > ListView { scrollbar-gutter: stable; }
    CommunityScreen #posts { height: 1fr; }
    CommunityScreen #join-hint { color: $text-muted; padding: 0 1; height: auto; }
    """

    def __init__(self, community_id: int | None) -> None:
        super().__init__()
        self.community_id = community_id
        self.me: UserRef = self.app.current_user
        self.community: CommunityView | None = None
        self._opening = True  # until the page's first read is shown (or failed)
        self.filling = False  # its posts being put on it (tui/kept_screens.py)
        self._members_listed: list[tuple[int, str]] = []  # (id, name) of the members listed

    def compose(self) -> ComposeResult:
        yield AppHeader(self.app.section_title("communities"))
        with Horizontal():
            with Vertical(id="community-side"):
                yield Static("", id="community-name")
                yield Static("", id="community-about")
                yield Static("", id="community-facts")
                yield Static(_("Members"), id="members-title")
                yield OptionList(id="members")
            with Vertical():
                yield PostList(self._posts, empty_text=_("No posts yet."), deletable=True,
                               accepts=self._shows_here, id="posts")
                yield Static("", id="join-hint")
                yield AttachmentChips(id="post-chips")
                yield PostComposer(
                    chips_id="post-chips", id="post-composer",
                    placeholder=_("Write a post… (enter publishes, ctrl+j new line, "
                                  "ctrl+o pictures, ctrl+l a track)"))
        yield AppFooter()

    def on_mount(self) -> None:
        if closed_before_mount(self, "#post-composer"):
            return
        self.query_one("#post-composer").display = False
        hide_chips(self.query_one("#post-chips", AttachmentChips), True)
        if self.community_id is None:  # built out of sight, for the first one opened
            self.note_styles()  # every widget got its styles as it mounted
            return
        text, entries = self._drafts().get(self.community_id, ("", ()))
        if text:  # written here before and left unpublished
            self.query_one("#post-composer", Composer).set_text(text)
        if entries:
            self.query_one("#post-chips", AttachmentChips).set_entries(entries)
        self._read()

    def carry_over(self) -> BringBack | None:
        """A new language opens the page again (its post box keeps its draft)."""
        if self.community_id is None:
            return None
        return reopened(app_opens("open_community", self.community_id))

    def show_community(self, community_id: int) -> None:
        """This screen, kept by the app (``tui/kept_screens.py``), is refilled
        out of sight for ``community_id`` and shown once filled (or emptied,
        ``show_unfilled``, if the read is slow): as when it was composed, nothing
        of the last community on it — not its name, members, posts, join state
        or post box (its words stay in the drafts, as when its page was left),
        nor what a read for it still under way brings — and the new one read."""
        self.community_id = community_id
        self.community = None
        self._opening = True
        for name in ("#community-name", "#community-about", "#community-facts"):
            show_text(self.query_one(name, Static), "")
        self.query_one("#members", OptionList).clear_options()
        self._members_listed = []
        composer = self.query_one("#post-composer", Composer)
        composer.display = False
        chips = self.query_one("#post-chips", AttachmentChips)
        hide_chips(chips, True)
        # The new community's draft in the post box (emptied if none): what
        # the box held is the last community's, kept in the drafts as it was
        # typed (``_keep_draft``). This one's stays there too until changed.
        self._show_draft()
        hint = self.query_one("#join-hint", Static)
        show_text(hint, "")
        hint.display = True
        self.query_one(PostList).start_afresh()
        if self.focused is not composer:
            self.set_focus(self.query_one("#members", OptionList))  # as a new page's first focus
        # Else the post box keeps it, hidden while the community is read (the
        # keys typed meanwhile wait: ``holds_key``), and ``_show`` gives it to
        # the members list if I may not post here: moved to the list and back
        # to the box, the focus restyled both on each opening (~15 ms).
        self.refresh_bindings()
        self._read()

    def shown_ready(self, read_again: bool) -> None:
        """Filled out of sight while the cursor rested on its community in
        Communities (``tui/ready_ahead.py``) and shown now, as it was filled:
        filling it joined nothing and marked nothing seen, and its post box
        holds the community's draft as it is now. ``read_again``: filled a
        while ago, so the community, its members and posts are read again
        behind the frame and put on it where they changed (the cursor in the
        posts and members list and the post box stay)."""
        self._show_draft()
        if read_again:
            self.call_after_refresh(self._read)

    def _on_screen_suspend(self) -> None:
        # Styled by the current stylesheet as it leaves: shown again, only a
        # change restyles it (RestylesOnlyWhenNeeded; as the kept profile).
        self._css_update_count = self.app._css_update_count
        self.note_styles()

    def holds_key(self, event: events.Event, focused: object) -> bool:
        """While the page's community is read, the keys after the one that
        opened it wait (tui/key_order.py): its post box is shown, and focused,
        once it is known that I may post here, and words typed as the page
        opened go there. Keys that leave do not wait."""
        return self._opening and not leaves(event)

    def _read(self) -> None:
        """The community, its members and the first page of its posts, read in
        one worker and shown in one call: one layout of the page, not one per read."""
        post_list = self.query_one(PostList)
        self._read_all(self.me.id, self.community_id, not self.app.no_color, post_list,
                       post_list.first_page_reading())

    @work(thread=True, exclusive=True, group="community-load")
    def _read_all(self, me: int, community_id: int, color: bool, post_list: PostList,
                  shows: int) -> None:
        try:
            community = communities.get_community(me, community_id)
            people = list(communities.members(community_id, limit=50).items)
            page, faces = post_list.read_first_page(color)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, community_id, post_list, exc)
            return
        self.app.call_from_thread(self._show_all, community, people, (page, faces, shows))

    def _failed(self, community_id: int, post_list: PostList, exc: DomainError) -> None:
        if community_id == self.community_id:
            self._opening = False  # the keys held for it go on
            if hasattr(self.app, "screen_filled") and self.app.screen_coming is self:
                self.show_unfilled()  # shown now, with the error
                self.app.screen_filled(self)
        post_list._failed(exc)

    async def _show_all(self, community: CommunityView, people: list[UserRef],
                        first_page: tuple) -> None:
        if community.id != self.community_id:
            return  # read for the community shown before (show_community)
        # Not emptied meanwhile (tui/kept_screens.py): while the posts are put
        # on it and its footer's keys rebuilt, until ``_filled`` (a wait that
        # ended during the footer's rebuild emptied the page just filled).
        self.filling = True
        try:
            await self.query_one(PostList).show_first_page(*first_page)
            if community.id != self.community_id:
                self.filling = False
                return  # shown for another one while the posts were mounted
            with self.app.batch_update():  # no await inside: one that never ended would hold every update
                self._show(community, people)
            await footer_keys_out_of_sight(self)  # before it is shown, when out of sight
        except BaseException:
            self.filling = False
            raise
        # Shown (when kept and waiting out of sight) once what the cards'
        # mounting and removal queued has run.
        self.app.call_next(self._filled, community.id)

    def _filled(self, community_id: int) -> None:
        self.filling = False  # filled: a wait that ends now may show it
        if community_id == self.community_id and hasattr(self.app, "screen_filled"):
            self.app.screen_filled(self)

    def show_unfilled(self) -> None:
        """Shown before its community is read (a slow read): none of the last
        community's posts on it (its name, facts and members were emptied by
        ``show_community``); ``_show_all`` fills it when the data comes."""
        self.query_one(PostList).blank()
        self._focus_off_the_hidden_box()

    def _focus_off_the_hidden_box(self) -> None:
        """The members list has the focus the hidden post box kept (``show_community``)."""
        if self.focused is self.query_one("#post-composer", Composer):
            self.set_focus(self.query_one("#members", OptionList))

    def _posts(self, cursor: object | None) -> Page[PostView]:
        return posts.community_posts(self.me.id, self.community_id, cursor, limit=POSTS_PAGE)

    def _shows_here(self, post: PostView) -> bool:
        """A post of mine just written or shared (here or elsewhere) belongs on
        top when it went to this community."""
        return post.community_id == self.community_id

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        """The community and its members again (after joining, leaving, an edit)."""
        self._load(self.me.id, self.community_id)

    @work(thread=True, exclusive=True, group="community-load")
    def _load(self, me: int, community_id: int) -> None:
        try:
            community = communities.get_community(me, community_id)
            people = communities.members(community_id, limit=50)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, community, list(people.items))

    def _show(self, community: CommunityView, people: list[UserRef]) -> None:
        if community.id != self.community_id:
            return  # read for the community shown before (show_community)
        # Read again (a page made ready a while ago, tui/ready_ahead.py; a
        # join, an edit): only what changed is put on it again.
        before, self.community = self.community, community
        self._opening = False
        if before is None or before.name != community.name:
            self.query_one("#community-name", Static).update(plain(community.name))
        if before is None or before.about != community.about:
            self.query_one("#community-about", Static).update(plain(community.about))
        if before != community:
            self._show_facts(community)
        self._show_members(people)
        composer = self.query_one("#post-composer", Composer)
        appears = community.is_member and not composer.display
        composer.display = community.is_member
        hide_chips(self.query_one("#post-chips", AttachmentChips), not community.is_member)
        if appears:  # the page opened, or I joined: ready to write
            self.set_focus(composer)  # now, not on a later turn: its keys are in the footer as shown
        elif not community.is_member:
            self._focus_off_the_hidden_box()
        if before is None or before.is_member != community.is_member:
            hint = self.query_one("#join-hint", Static)
            hint.update("" if community.is_member
                        else _("Join the community (ctrl+t) to post here."))
            hint.display = not community.is_member
        self.refresh_bindings()

    def _show_members(self, people: list[UserRef]) -> None:
        """The members listed; the same ones again (read again) stay as they
        are, the cursor where it was; else it stays on the member it was on
        if still listed."""
        members = self.query_one("#members", OptionList)
        listed = [(p.id, p.full_name) for p in people]
        if members.option_count and listed == self._members_listed:
            return
        on = members.highlighted_option
        self._members_listed = listed
        members.set_options(
            Option(_member_line(p.full_name), id=f"user-{p.id}") for p in people
        )
        if on is not None and on.id is not None:
            with suppress(OptionDoesNotExist):
                members.highlighted = members.get_option_index(on.id)

    def _show_facts(self, community: CommunityView) -> None:
        facts = Text(end="")
        facts.append(ngettext("{n} member", "{n} members", community.member_count).format(
            n=community.member_count))
        facts.append(" · " + _("owner") + " ")
        facts.append_text(plain(community.owner.full_name))
        if community.is_member:
            facts.append("\n✓ " + _("You are a member"), "green")
        self.query_one("#community-facts", Static).update(facts)

    def on_people_changed(self, event: PeopleChanged) -> None:
        """The owner and the members listed say a new name, in place (their
        posts: ``show_people_on_posts``)."""
        community = self.community
        if community is not None and community.owner.id in event.people:
            self.community = replace(community, owner=event.people[community.owner.id])
            self._show_facts(self.community)
        members = self.query_one("#members", OptionList)
        for person in event.people.values():
            with suppress(OptionDoesNotExist):
                members.replace_option_prompt(f"user-{person.id}", _member_line(person.full_name))
        self._members_listed = [(i, event.people[i].full_name if i in event.people else name)
                                for i, name in self._members_listed]

    # ------------------------------------------------------------ actions

    def on_key(self, event: events.Key) -> None:
        type_into(self.query_one("#post-composer", Composer), event)  # from the members list

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        c = self.community
        if action == "join":
            return c is not None and not c.is_member
        if action == "leave":
            return c is not None and c.is_member and c.owner.id != self.me.id
        if action in ("edit", "delete"):
            return c is not None and c.owner.id == self.me.id
        if action == "publish":
            return c is not None and c.is_member
        return True

    def action_edit(self) -> None:
        self.edit_community(self.community)

    def edit_community(self, community: CommunityView | None) -> None:
        """The form for ``community`` (opened again for it by a new language,
        before this page has read it again)."""
        from tui.screens.create_community import CreateCommunityScreen

        def saved(changed: CommunityView | None) -> None:
            if changed is not None and changed.id == self.community_id:
                self.load()

        self.app.push_screen(
            reopens(CreateCommunityScreen(community),
                    partial(CommunityScreen.edit_community, community=community)),
            saved)

    @on(OptionList.OptionSelected, "#members")
    def _member(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_profile(int(event.option.id.removeprefix("user-")))

    @on(Composer.Submitted, "#post-composer")
    def _publish(self, event: Composer.Submitted) -> None:
        self._publish_box(event.text)

    @on(TextArea.Changed, "#post-composer")
    @on(AttachmentChips.Changed)
    def _draft_changed(self) -> None:
        self._keep_draft()
