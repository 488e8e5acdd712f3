"""Someone's profile: their data, avatar and posts; friendship, a message, blocking."""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from models import blocks, friends, posts, profiles
from models.errors import DomainError
from models.text import clean_line
from models.views import NowPlaying, Profile, Relation, UserRef

from ..events import DatabaseBack, FriendsChanged, PeopleChanged
from ..friendship import act_if_unchanged, changed_meanwhile_text
from ..i18n import _
from ..kept_screens import LaidOutOutOfSight, footer_keys_out_of_sight
from ..keys import LocalisedBindings
from ..widgets.app_header import AppHeader
from ..widgets.avatar import render_user_avatar
from ..widgets.footer import AppFooter
from ..widgets.post_list import PostList
from ..widgets.profile_card import AVATAR_HEIGHT, AVATAR_WIDTH, ProfileCard
from .now_playing_shown import NOW_PLAYING_REFRESH, ShowsNowPlaying
from .section import RestylesOnlyWhenNeeded
from .user_profile_kept import KeptProfileMixin

BLOCKED_TEXT = "You blocked this person."
# What blocking does, asked before it is done (unblocking needs no question).
BLOCK_QUESTION = (
    "Block {name}? They will not be able to write to you or ask to be your friend, "
    "and will see only your name: not your posts or your profile. "
    "Your friendship and any friend request between you are removed. "
    "They are not told; you can unblock them here or in Account."
)

RELATION_TEXT = {
    Relation.NONE: "",
    Relation.FRIENDS: "You are friends.",
    Relation.REQUEST_SENT: "You asked to be friends; waiting for an answer.",
    Relation.REQUEST_RECEIVED: "Wants to be your friend.",
    Relation.SELF: "",
}


class UserProfileScreen(KeptProfileMixin, ShowsNowPlaying, LaidOutOutOfSight,
                        RestylesOnlyWhenNeeded, LocalisedBindings, Screen):
    """Drill-down from a list or a post; Escape goes back. Kept by the app and
    shown again for the next person (``show_person``): it notes its styles as
    it leaves, so showing it again restyles no node when nothing changed."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="user_profile.back"),
        Binding("f", "friend", "Add / accept friend", id="user_profile.friend"),
        Binding("x", "unfriend", "Remove / decline", id="user_profile.unfriend"),
        Binding("m", "message", "Write a message", id="user_profile.message"),
        Binding("b", "block", "Block / unblock", id="user_profile.block"),
    ]

    def __init__(self, user_id: int | None) -> None:
        super().__init__()
        self.user_id = user_id
        self.relation: Relation | None = None
        self.blocked: bool | None = None  # whether I blocked them, once loaded
        self.person_name = ""  # their full name, once loaded
        self._shown: tuple[Profile, object] | None = None  # the profile and picture on screen

    def compose(self) -> ComposeResult:
        yield AppHeader(_("Profile"))
        with Horizontal(id="profile-body"):
            with VerticalScroll(id="profile-side"):
                yield ProfileCard()
                yield Static("", id="relation", markup=False)
                yield Button(_("Add friend (f)"), id="friend", compact=True)
                yield Button(_("Remove (x)"), id="unfriend", compact=True)
                yield Button(_("Write a message (m)"), id="message", compact=True)
                yield Button(_("Block (b)"), id="block", compact=True)
            yield PostList(
                self._their_posts,
                empty_text=_("No posts yet."),
                id="their-posts",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        if self.user_id is None:  # built out of sight, for whoever is opened first
            self.note_styles()  # every widget got its styles as it mounted
        else:
            self._read()
        # Read again while it is shown only: kept out of sight, it wakes no one.
        self._now_playing_timer = self.set_interval(
            NOW_PLAYING_REFRESH, self.refresh_now_playing, pause=self.user_id is None)

    def _read(self) -> None:
        """The profile, the relation and the first page of posts, read in one
        worker and shown in one call: one layout of the screen, not three."""
        post_list = self.query_one(PostList)
        self._load(self.app.current_user.id, self.user_id, not self.app.no_color, post_list,
                   post_list.first_page_reading())
        self.query_one("#their-posts PostListView").focus()

    def _on_screen_suspend(self) -> None:
        # Styled by the current stylesheet as it leaves (a theme changed while
        # it was shown restyled it then): noted so that showing it again only
        # restyles after a change (Textual stamps only a mode's screens).
        self._css_update_count = self.app._css_update_count
        self.note_styles()
        self._now_playing_reads(False)

    _now_playing_timer = None

    def _now_playing_reads(self, on: bool) -> None:
        timer = self._now_playing_timer
        if timer is not None:
            timer.resume() if on else timer.pause()

    def on_screen_resume(self) -> None:
        self._now_playing_reads(True)
        if self._fresh:  # just filled for the person it shows
            self._fresh = False
            return
        # Back from a chat or another section: the relation may have changed there.
        self._reload_relation(self.app.current_user.id)

    def on_friends_changed(self, event: FriendsChanged) -> None:
        if any(item.actor is not None and item.actor.id == self.user_id
               for item in event.activity):
            self._reload_relation(self.app.current_user.id)  # they answered: live

    def on_database_back(self, event: DatabaseBack) -> None:
        self._reload_relation(self.app.current_user.id)

    def on_people_changed(self, event: PeopleChanged) -> None:
        """The person shown renamed themselves (or took another login, another
        avatar): the card says so, its picture rendered again (their posts:
        ``show_people_on_posts``)."""
        person = event.people.get(self.user_id) if self._shown is not None else None
        if person is not None:
            self._render_person(person, not self.app.no_color)

    @work(thread=True, exclusive=True, group="user-profile-person")
    def _render_person(self, person: UserRef, color: bool) -> None:
        picture = render_user_avatar(person, AVATAR_WIDTH, AVATAR_HEIGHT, color=color)
        self.app.call_from_thread(self._show_person_as_now, person, picture)

    def _show_person_as_now(self, person: UserRef, picture) -> None:
        if person.id != self.user_id or self._shown is None:
            return  # someone else shown by now (a kept screen refilled)
        self.person_name = person.full_name
        self._shown = (replace(self._shown[0], user=person), picture)
        self.query_one(ProfileCard).show(*self._shown)

    def _reload_relation(self, me: int) -> None:
        self._read_relation(me, self.user_id)

    @work(thread=True, exclusive=True, group="user-profile-relation")
    def _read_relation(self, me: int, user_id: int) -> None:
        try:
            relation = friends.relation(me, user_id)
            blocked = blocks.is_blocked(me, user_id)
        except DomainError:
            return  # the poll says so already; the next change or resume reads again
        self.app.call_from_thread(self._show_relation_of, user_id, relation, blocked)

    def _show_relation_of(self, user_id: int, relation: Relation,
                          blocked: bool | None = None) -> None:
        """``_show_relation`` unless the screen shows someone else by now."""
        if user_id == self.user_id:
            self._show_relation(relation, blocked)

    def _their_posts(self, cursor: object | None):
        return posts.posts_by_author(self.app.current_user.id, self.user_id, cursor)

    @work(thread=True, exclusive=True, group="user-profile")
    def _load(self, me: int, user_id: int, color: bool, post_list: PostList, shows: int) -> None:
        try:
            profile = profiles.get_profile_for(me, user_id)
            relation = friends.relation(me, user_id)
            blocked = blocks.is_blocked(me, user_id)
            picture = render_user_avatar(profile.user, AVATAR_WIDTH, AVATAR_HEIGHT, color=color)
            page, faces = post_list.read_first_page(color)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, user_id, post_list, exc)
            return
        self.app.call_from_thread(self._show, profile, relation, blocked, picture,
                                  (page, faces, shows))

    async def _show(self, profile: Profile, relation: Relation, blocked: bool, picture,
                    first_page: tuple | None = None) -> None:
        """The person's data on the screen (out of sight, the app shows it once
        filled); the card and relation in one batch of updates. No await in
        the batch: one that never ended would hold every screen's updates."""
        if profile.user.id != self.user_id:
            return  # read for the person shown before (show_person)
        # Not emptied meanwhile (tui/kept_screens.py): while the posts are put
        # on it and its footer's keys rebuilt, until ``_filled`` (a wait that
        # ended during the footer's rebuild emptied the profile just filled).
        self.filling = True
        try:
            if first_page is not None:
                await self.query_one(PostList).show_first_page(*first_page)
                if profile.user.id != self.user_id:
                    self.filling = False
                    return  # shown for someone else while the posts were mounted
            with self.app.batch_update():
                self.person_name = profile.user.full_name
                if self._shown is None or self._shown[0] != profile:  # (else read again, the same)
                    self._shown = (profile, picture)
                    self.query_one(ProfileCard).show(profile, picture)
                self._show_relation(relation, blocked)
            await footer_keys_out_of_sight(self)  # before it is shown, when out of sight
        except BaseException:
            self.filling = False
            raise
        # Shown once what the cards' mounting and removal queued has run (its
        # layout requests are then taken in by the layout out of sight).
        self.app.call_next(self._filled, profile.user.id)

    def _filled(self, user_id: int) -> None:
        self.filling = False  # filled: a wait that ends now may show it
        if user_id == self.user_id and self._shown is not None and hasattr(
                self.app, "screen_filled"):
            self.app.screen_filled(self)

    def _failed(self, user_id: int, post_list: PostList, exc: DomainError) -> None:
        """Shown now if it waited for this read (``show_unfilled``), with the error."""
        if user_id != self.user_id:
            return
        if hasattr(self.app, "screen_filled") and self.app.screen_coming is self:
            self.show_unfilled()
            self.app.screen_filled(self)
        post_list._failed(exc)

    def now_playing_people(self) -> list[int]:
        shown = self._shown
        return [] if shown is None or shown[0].restricted else [self.user_id]

    refreshes_presence = True

    def show_presence(self, asked: list[int], found: dict) -> None:
        """"online" / "last seen" read again (``ShowsNowPlaying``)."""
        if self._shown is None or asked != [self.user_id]:
            return
        profile, picture = self._shown
        presence = found.get(self.user_id)
        if presence != profile.presence:
            self._shown = (replace(profile, presence=presence), picture)
            self.query_one(ProfileCard).show(*self._shown)

    def show_now_playing(self, asked: list[int], found: dict[int, NowPlaying]) -> None:
        if self._shown is None or asked != [self.user_id]:
            return
        profile, picture = self._shown
        playing = found.get(self.user_id)
        if playing != profile.now_playing:
            self._shown = (replace(profile, now_playing=playing), picture)
            self.query_one(ProfileCard).show(*self._shown)

    def _show_relation(self, relation: Relation, blocked: bool | None = None) -> None:
        self.relation = relation
        if blocked is not None:
            self.blocked = blocked
        text = _(BLOCKED_TEXT) if self.blocked else _(RELATION_TEXT[relation])
        said = self.query_one("#relation", Static)
        said.update(text)
        said.display = bool(text)
        friend = self.query_one("#friend", Button)
        unfriend = self.query_one("#unfriend", Button)
        friend.display = relation in (Relation.NONE, Relation.REQUEST_RECEIVED) and not self.blocked
        friend.label = (
            _("Accept friend request (f)")
            if relation is Relation.REQUEST_RECEIVED
            else _("Add friend (f)")
        )
        unfriend.display = relation in (
            Relation.FRIENDS, Relation.REQUEST_SENT, Relation.REQUEST_RECEIVED
        )
        unfriend.label = {
            Relation.FRIENDS: _("Remove from friends (x)"),
            Relation.REQUEST_SENT: _("Cancel request (x)"),
            Relation.REQUEST_RECEIVED: _("Decline request (x)"),
        }.get(relation, _("Remove (x)"))
        block = self.query_one("#block", Button)
        block.display = relation is not Relation.SELF and self.blocked is not None
        block.label = _("Unblock (b)") if self.blocked else _("Block (b)")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "friend":
            return self.relation in (Relation.NONE, Relation.REQUEST_RECEIVED) and not self.blocked
        if action == "block":
            return self.blocked is not None and self.relation is not Relation.SELF
        if action == "unfriend":
            return self.relation in (
                Relation.FRIENDS, Relation.REQUEST_SENT, Relation.REQUEST_RECEIVED
            )
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#friend")
    def action_friend(self) -> None:
        if self.relation is Relation.NONE:
            self._change(self.app.current_user.id, "add")
        elif self.relation is Relation.REQUEST_RECEIVED:
            self._change(self.app.current_user.id, "accept")

    @on(Button.Pressed, "#unfriend")
    def action_unfriend(self) -> None:
        if self.relation is Relation.FRIENDS:
            from .confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._change(self.app.current_user.id, "remove")

            self.app.push_screen(
                ConfirmScreen(_("Remove this person from your friends?"),
                              confirm_label=_("Remove")),
                answered,
            )
        elif self.relation is Relation.REQUEST_SENT:
            self._change(self.app.current_user.id, "cancel")
        elif self.relation is Relation.REQUEST_RECEIVED:
            self._change(self.app.current_user.id, "decline")

    def _change(self, me: int, verb: str) -> None:
        self._change_for(me, self.user_id, verb)

    @work(thread=True, exclusive=True, group="friendship")
    def _change_for(self, me: int, user_id: int, verb: str) -> None:
        """Act on the relation as it is now, not as the screen last drew it."""
        try:
            found = act_if_unchanged(verb, me, user_id)
            now = friends.relation(me, user_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            self.app.call_from_thread(self._reload_relation, me)
            return
        self.app.call_from_thread(self._show_relation_of, user_id, now)
        if found is not None:
            self.app.call_from_thread(self._changed_meanwhile, found)

    def _changed_meanwhile(self, now: Relation) -> None:
        self.notify(changed_meanwhile_text(now, clean_line(self.person_name)),
                    severity="warning", markup=False)

    @on(Button.Pressed, "#message")
    def action_message(self) -> None:
        self.app.open_dialog(self.user_id)

    @on(PostList.AuthorOpened)
    def _author(self, event: PostList.AuthorOpened) -> None:
        event.stop()  # their own posts: already on their profile

    @on(Button.Pressed, "#block")
    def action_block(self) -> None:
        me = self.app.current_user.id
        if self.blocked is None or self.user_id == me:
            return
        user_id = self.user_id
        if self.blocked:
            self._set_blocked(me, user_id, False)
            return
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_blocked(me, user_id, True)

        self.app.push_screen(
            ConfirmScreen.naming(_(BLOCK_QUESTION), user_id, self.person_name,
                                 confirm_label=_("Block")),
            answered,
        )

    @work(thread=True, exclusive=True, group="block")
    def _set_blocked(self, me: int, user_id: int, block: bool) -> None:
        try:
            (blocks.block if block else blocks.unblock)(me, user_id)
            relation = friends.relation(me, user_id)
            blocked = blocks.is_blocked(me, user_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show_relation_of, user_id, relation, blocked)
        self.app.call_from_thread(
            self.notify, _("Blocked.") if blocked else _("Unblocked."), markup=False)
