"""My profile: avatar and data, a post box (pictures and tracks attach: ctrl+o /
ctrl+l while writing), my posts; Edit, Account, Log out."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static, TextArea

from models import posts, profiles
from models.errors import DomainError
from models.views import PostView, Profile

from ..carry_over import reopens
from ..i18n import _, translate_error
from ..widgets.app_header import AppHeader
from ..widgets.attachment_chips import AttachmentChips
from ..widgets.avatar import render_user_avatar
from ..widgets.composer import take_out_published
from ..widgets.field_message import ClearsFieldMessages
from ..widgets.footer import AppFooter
from ..widgets.post_actions import show_new_post
from ..widgets.post_box import PostBox, nothing_to_publish, take_out_published_chips
from ..widgets.post_list import PostList
from ..widgets.profile_card import AVATAR_HEIGHT, AVATAR_WIDTH, ProfileCard
from .section import SectionScreen, closed_before_mount


class MyProfileScreen(ClearsFieldMessages, SectionScreen):
    BINDINGS = [
        Binding("e", "edit", "Edit profile", id="profile.edit"),
        Binding("a", "account", "Account", id="profile.account"),
        Binding("n", "compose", "Write a post", show=False, id="profile.compose"),
        Binding("r", "refresh", "Refresh", show=False, id="profile.refresh"),
        Binding("ctrl+s", "publish", "Publish", show=False, id="profile.publish"),
        Binding("ctrl+o", "log_out", "Log out", id="profile.log_out"),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader(_("My profile"), "profile")
        with Horizontal(id="profile-body"):
            with VerticalScroll(id="profile-side"):
                yield ProfileCard()
                yield Button(_("Edit profile (e)"), id="edit", compact=True)
                yield Button(_("Account (a)"), id="account", compact=True)
                yield Button(_("Log out (Ctrl+O)"), id="log-out", compact=True)
            with Vertical(id="profile-main"):
                yield PostBox(chips_id="profile-chips", id="profile-composer")
                yield AttachmentChips(id="profile-chips")
                with Horizontal(id="profile-composer-bar"):
                    yield Static("", id="profile-composer-error", markup=False)
                    yield Button(_("Publish (Ctrl+S)"), id="publish", variant="primary",
                                 compact=True)
                yield PostList(
                    self._my_posts,
                    empty_text=_("You have not posted yet. Write something above."),
                    deletable=True,
                    accepts=lambda post: True,  # mine, in communities too (posts_by_author)
                    id="my-posts",
                )
        yield AppFooter()

    def on_mount(self) -> None:
        if closed_before_mount(self, "#profile-composer"):
            return
        box = self.query_one("#profile-composer", PostBox)
        box.border_title = _("New post")
        box.report = self.query_one("#profile-composer-error", Static).update
        self.post_drafts_read()
        self.refresh_profile()
        self.query_one(PostList).reload()
        self.query_one("#my-posts PostListView").focus()

    def read_again(self) -> None:
        self.refresh_profile()
        self.query_one(PostList).reload()

    def action_refresh(self) -> None:
        """r: what changed elsewhere (a post written in another terminal, a
        new name): the card and the list redrawn only where they changed."""
        self.read_again()

    def _my_posts(self, cursor: object | None):
        me = self.app.current_user.id
        return posts.posts_by_author(me, me, cursor)

    def refresh_profile(self) -> None:
        self._load_profile(self.app.current_user.id, not self.app.no_color)

    @work(thread=True, exclusive=True, group="my-profile")
    def _load_profile(self, user_id: int, color: bool) -> None:
        try:
            profile = profiles.get_profile(user_id)
            picture = render_user_avatar(profile.user, AVATAR_WIDTH, AVATAR_HEIGHT, color=color)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show_profile, profile, picture)

    _profile_shown: tuple | None = None  # (profile, in colour?) on the card now

    def _show_profile(self, profile: Profile, picture) -> None:
        shown = (profile, not self.app.no_color)
        if shown != self._profile_shown:  # read again unchanged: the card stays (no layout)
            self._profile_shown = shown
            self.query_one(ProfileCard).show(profile, picture)
        if self.app.current_user is not None and self.app.current_user.id == profile.user.id:
            self.app.current_user = profile.user  # a new name or avatar shows in the header

    def post_drafts_read(self) -> None:
        """The post kept from an earlier run in the box, unless something is
        written in it already."""
        box = self.query_one("#profile-composer", PostBox)
        if self.app.wall_draft and not box.text:
            box.load_text(self.app.wall_draft)
            box.move_cursor(box.document.end)

    @on(TextArea.Changed, "#profile-composer")
    def _draft_changed(self) -> None:
        """What is written in the box outlives the app (``tui/post_drafts.py``)."""
        self.app.wall_draft = self.query_one("#profile-composer", PostBox).text
        self.app.post_drafts_changed()

    def action_compose(self) -> None:
        self.query_one("#profile-composer", PostBox).focus()

    @on(Button.Pressed, "#publish")
    def action_publish(self) -> None:
        text = self.query_one("#profile-composer", PostBox).text
        chips = self.query_one("#profile-chips", AttachmentChips)
        error = self.query_one("#profile-composer-error", Static)
        if refusal := nothing_to_publish(text, chips):
            error.update(refusal)
            return
        error.update("")
        self.query_one("#publish", Button).disabled = True
        self._publish(self.app.current_user.id, text, chips.items)

    @work(thread=True, exclusive=True, group="publish")
    def _publish(self, user_id: int, text: str, attached: tuple) -> None:
        # One transaction: a refused picture stores nothing; text and chips stay.
        try:
            post = posts.create_post(user_id, text, attachments=attached)
        except DomainError as exc:
            self.app.call_from_thread(self._publish_failed, exc)
            return
        self.app.call_from_thread(self._published, post, text, attached)

    def _publish_failed(self, exc: DomainError) -> None:
        self.query_one("#publish", Button).disabled = False
        self.query_one("#profile-composer-error", Static).update(translate_error(exc))

    def _published(self, post: PostView, text: str, attached: tuple) -> None:
        self.query_one("#publish", Button).disabled = False
        take_out_published(self.query_one("#profile-composer", PostBox), text)
        take_out_published_chips(self.query_one("#profile-chips", AttachmentChips), attached)
        show_new_post(self.app, post)  # the Feed's lists too
        self.notify(_("Post published."))

    @on(Button.Pressed, "#edit")
    def action_edit(self) -> None:
        from .edit_profile import EditProfileScreen

        def edited(changed: bool | None) -> None:
            if changed:
                self.refresh_profile()
                self.query_one(PostList).reload()

        self.app.push_screen(reopens(EditProfileScreen(), MyProfileScreen.action_edit), edited)

    @on(Button.Pressed, "#account")
    def action_account(self) -> None:
        from .account import AccountScreen

        def done(_changed: bool | None) -> None:
            self.refresh_profile()

        self.app.push_screen(reopens(AccountScreen(), MyProfileScreen.action_account), done)

    @on(Button.Pressed, "#log-out")
    def action_log_out(self) -> None:
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.log_out()

        self.app.push_screen(
            ConfirmScreen(_("Log out of Messenger?"), confirm_label=_("Log out")), answered
        )

    @on(PostList.AuthorOpened)
    def _author(self, event: PostList.AuthorOpened) -> None:
        event.stop()  # my own posts: I am already here
