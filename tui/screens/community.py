"""One community: what it is about, its members, its posts; join, leave, post (drill-down)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from models import communities, posts
from models.errors import DomainError
from models.views import CommunityView, PostView, UserRef
from tui.formatting import plain, relative_time
from tui.i18n import _
from tui.keys import LocalisedBindings, type_into
from tui.reaction_text import reaction_summary
from tui.widgets.app_header import AppHeader
from tui.widgets.composer import Composer, take_out_published
from tui.widgets.footer import AppFooter

POSTS_PAGE = 20


def post_renderable(post: PostView) -> Text:
    """Author and time on the first line, then the text as written."""
    text = Text(end="", overflow="fold")
    text.append_text(plain(post.author.full_name, "bold"))
    text.append("  " + relative_time(post.created_at), "dim")
    if post.like_count:
        text.append("  ♥ " + str(post.like_count), "dim")
    text.append(f"  💬 {post.comment_count}", "dim")
    if post.reactions:  # last on its line: see tui/reaction_text.py
        text.append("  ")
        text.append_text(reaction_summary(post.reactions))
    if post.text or not post.is_repost:
        text.append("\n")
        text.append_text(plain(post.text))
    if post.is_repost:  # the shared post, in one line (the Post screen shows it whole)
        text.append("\n↻ ", "dim")
        if post.original is None:
            text.append(_("The post was deleted"), "dim italic")
        else:
            text.append_text(plain(post.original.author.full_name, "dim bold"))
            text.append(": ", "dim")
            text.append_text(plain(post.original.text, "dim"))
    return text


class CommunityPost(Static):
    """A post on the page; a click opens it with its comments (tui/screens/post.py)."""

    def __init__(self, post: PostView) -> None:
        super().__init__(post_renderable(post), classes="post")
        self.post = post

    def on_click(self) -> None:
        from .post import PostScreen

        self.app.push_screen(PostScreen(self.post))


class CommunityScreen(LocalisedBindings, Screen):
    """``CommunityScreen(community_id)``; escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Keys a text area leaves alone, so they work while writing a post too.
        Binding("ctrl+t", "join", "Join", id="community.join"),
        Binding("ctrl+l", "leave", "Leave", id="community.leave"),
        Binding("ctrl+o", "edit", "Edit", id="community.edit"),
        Binding("ctrl+b", "delete", "Delete community", id="community.delete"),
        Binding("ctrl+s", "publish", "Publish", show=False, id="community.publish"),
    ]

    DEFAULT_CSS = """
    CommunityScreen #community-side { width: 34; border-right: vkey $foreground 20%; }
    CommunityScreen #community-name { text-style: bold; padding: 0 1; background: $boost; }
    CommunityScreen #community-about { padding: 0 1 1 1; height: auto; max-height: 12; }
    CommunityScreen #community-facts { padding: 0 1; color: $text-muted; height: auto; }
    CommunityScreen #members-title { padding: 1 1 0 1; text-style: bold; }
    CommunityScreen #members { height: 1fr; border: none; }
    CommunityScreen #posts { height: 1fr; }
    CommunityScreen .post { padding: 0 1; margin-bottom: 1; height: auto; }
    CommunityScreen #posts-empty { color: $text-muted; padding: 1 2; }
    CommunityScreen #more-posts { margin: 0 1; }
    CommunityScreen #join-hint { color: $text-muted; padding: 0 1; height: auto; }
    """

    def __init__(self, community_id: int) -> None:
        super().__init__()
        self.community_id = community_id
        self.me: UserRef = self.app.current_user
        self.community: CommunityView | None = None
        self.cursor: object | None = None

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
                yield VerticalScroll(id="posts")
                yield Static("", id="join-hint")
                yield Composer(placeholder=_("Write a post… (enter publishes, ctrl+j new line)"),
                               id="post-composer")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#post-composer").display = False
        self.load()

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="community-load")
    def load(self) -> None:
        try:
            community = communities.get_community(self.me.id, self.community_id)
            people = communities.members(self.community_id, limit=50)
            page = posts.community_posts(self.me.id, self.community_id, limit=POSTS_PAGE)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, community, list(people.items), page.items,
                                  page.next_cursor)

    async def _show(self, community: CommunityView, people: list[UserRef],
              first_posts: tuple[PostView, ...], cursor: object | None) -> None:
        self.community = community
        self.cursor = cursor
        self.query_one("#community-name", Static).update(plain(community.name))
        self.query_one("#community-about", Static).update(plain(community.about))
        facts = Text(end="")
        facts.append((_("{n} member") if community.member_count == 1 else _("{n} members")).format(n=community.member_count))
        facts.append(" · " + _("owner") + " ")
        facts.append_text(plain(community.owner.full_name))
        if community.is_member:
            facts.append("\n✓ " + _("You are a member"), "green")
        self.query_one("#community-facts", Static).update(facts)
        members = self.query_one("#members", OptionList)
        members.set_options(
            Option(plain(p.full_name), id=f"user-{p.id}") for p in people
        )
        container = self.query_one("#posts", VerticalScroll)
        await container.remove_children()
        await self._add_posts(first_posts)
        if not first_posts:
            await container.mount(Static(_("No posts yet."), id="posts-empty"))
        composer = self.query_one("#post-composer", Composer)
        appears = community.is_member and not composer.display
        composer.display = community.is_member
        if appears:  # the page opened, or I joined: ready to write
            composer.focus()
        hint = self.query_one("#join-hint", Static)
        hint.update("" if community.is_member else _("Join the community (ctrl+t) to post here."))
        hint.display = not community.is_member
        self.refresh_bindings()

    async def _add_posts(self, page: tuple[PostView, ...]) -> None:
        container = self.query_one("#posts", VerticalScroll)
        await container.query("#more-posts").remove()
        await container.mount_all(CommunityPost(p) for p in page)
        if self.cursor is not None:
            await container.mount(Button(_("Older posts"), id="more-posts"))

    @work(thread=True, exclusive=True, group="community-more")
    def more_posts(self, cursor: object) -> None:
        try:
            page = posts.community_posts(self.me.id, self.community_id, cursor=cursor,
                                         limit=POSTS_PAGE)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._more_shown, page.items, page.next_cursor)

    async def _more_shown(self, page: tuple[PostView, ...], cursor: object | None) -> None:
        self.cursor = cursor
        await self._add_posts(page)

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

    @work(thread=True, exclusive=True, group="community-change")
    def change(self, verb: str) -> None:
        try:
            if verb == "join":
                communities.join(self.me.id, self.community_id)
            elif verb == "leave":
                communities.leave(self.me.id, self.community_id)
            elif verb == "delete":
                communities.delete_community(self.me.id, self.community_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        if verb == "delete":
            self.app.call_from_thread(self.dismiss_page)
            return
        self.load()

    def dismiss_page(self) -> None:
        self.notify(_("The community was deleted."))
        if self.app.screen is self:
            self.app.pop_screen()

    def action_join(self) -> None:
        self.change("join")

    def action_leave(self) -> None:
        self.change("leave")

    @on(Button.Pressed, "#more-posts")
    def _more(self) -> None:
        if self.cursor is not None:
            self.more_posts(self.cursor)

    def action_edit(self) -> None:
        from tui.screens.create_community import CreateCommunityScreen

        def saved(community: CommunityView | None) -> None:
            if community is not None:
                self.load()

        self.app.push_screen(CreateCommunityScreen(self.community), saved)

    def action_delete(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.change("delete")

        question = _("Delete the community {name} with all its posts?").format(
            name=self.community.name if self.community else "")
        self.app.push_screen(ConfirmScreen(question, confirm_label=_("Delete")), done)

    @on(OptionList.OptionSelected, "#members")
    def _member(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_profile(int(event.option.id.removeprefix("user-")))

    def action_publish(self) -> None:
        """Ctrl+S publishes, as in every form (Enter in the post box does too)."""
        self.publish(self.query_one("#post-composer", Composer).text)

    @on(Composer.Submitted, "#post-composer")
    def _publish(self, event: Composer.Submitted) -> None:
        self.publish(event.text)

    @work(thread=True, exclusive=True, group="community-post")
    def publish(self, text: str) -> None:
        try:
            communities.post_to_community(self.me.id, self.community_id, text)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return  # what was typed stays in the composer
        self.app.call_from_thread(take_out_published, self.query_one("#post-composer", Composer),
                                  text)
        self.load()
