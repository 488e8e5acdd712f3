"""A post's like, reaction and deletion, each written in a thread worker, and
the post shown as it now is in every list that holds it (part of ``PostList``),
as a post I write or share is put on every list that shows it, and a new name,
login or avatar on the posts of that person."""

from __future__ import annotations

from functools import partial

from textual import work
from textual.screen import Screen

from models import posts, reactions
from models.errors import DomainError
from models.views import Page, PostView

from ..carry_over import reopens
from ..i18n import _
from ..people_shown import People, post_as_now, with_faces
from .post_card import PostCard


def show_posts(app, changed: list[PostView]) -> None:
    """These posts as they now are, in every list that holds them, in every
    section built so far and the screens opened over them (``post_lists_on_stacks``):
    the Following and Everyone tabs both may, and My profile, a community's
    page, which the person comes back to without reading them again."""
    from .post_list import post_lists_on_stacks  # which mixes this module in

    by_id = {post.id: post for post in changed}
    for post_list in post_lists_on_stacks(app):
        for card in post_list.list_view.children:
            if isinstance(card, PostCard) and card.post.id in by_id:
                card.show(by_id[card.post.id])
        post_list.replace_held(by_id)  # its posts not on cards yet


def show_people_on_posts(app, people: People) -> None:
    """``people`` as they are now on the posts of every list that holds theirs
    (``show_posts``'s lists: the Feed's tabs, My profile, a community's page,
    someone's profile): the author of a post, or of the post a repost shares."""
    from .post_list import post_lists_on_stacks

    for post_list in post_lists_on_stacks(app):
        post_list.show_people(people)


def show_new_post(app, post: PostView) -> None:
    """A post I just wrote or shared (on the Feed, My profile, a community's
    page, the palette), on top of every list that shows such a post
    (``PostList.shows_mine``): a section built earlier is not read again when
    one comes back to it, so it was missing there until it was built anew."""
    from .post_list import post_lists_on_stacks

    for post_list in post_lists_on_stacks(app):
        if post_list.shows_mine(post):
            post_list.add_post(post)


async def drop_post(app, post_id: int) -> None:
    """A post deleted (or found gone): it leaves every list that holds it."""
    from .post_list import post_lists_on_stacks

    for post_list in post_lists_on_stacks(app):
        await post_list.drop(post_id)


class PostActionsMixin:
    """Needs ``_removed``, ``posts``, ``_held``, ``_avatars``, ``_loading``,
    ``_renamed_meanwhile`` (PostList)."""

    def show_people(self, people: People) -> None:
        """Their posts on this list name them as they are now: the cards where
        they are (each keeps its place, the cursor stays on its post) and the
        posts held for later cards; an author's mini avatar is rendered again
        (their initials, their picture) before the cards show them. A page
        being read may have been read before the new name: it takes it as it
        comes (``page_as_now``)."""
        if self._loading:
            self._renamed_meanwhile.update(people)
        if all(post_as_now(post, people) is post for post in self.posts):
            return
        authors = {post.author.id for post in self.posts} & people.keys()
        with_faces(self, [people[author] for author in authors],
                   lambda faces: self._put_people(people, faces))

    def page_as_now(self, page: Page[PostView], faces: dict) -> Page[PostView]:
        """``page``, read before someone's new name came (``show_people`` while
        it was being read), naming them as they are now; the mini avatars read
        with it from their old name are rendered again and put on its cards."""
        renamed, self._renamed_meanwhile = self._renamed_meanwhile, {}
        if not renamed:
            return page
        stale = faces.keys() & renamed.keys()
        if stale:
            with_faces(self, [renamed[author] for author in stale],
                       lambda faces: self._put_people(renamed, faces))
        return Page(tuple(post_as_now(post, renamed) for post in page.items), page.next_cursor)

    def _put_people(self, people: People, faces: dict) -> None:
        """Their posts' cards and held posts naming ``people`` as they are now,
        with ``faces`` (their mini avatars) on their cards."""
        if not self.is_attached:
            return
        self._avatars.update(faces)
        for card in self.list_view.children:
            if isinstance(card, PostCard):
                post = post_as_now(card.post, people)
                if post is not card.post or post.author.id in faces:
                    card.refill(post, self._avatars.get(post.author.id))
        self._held = [post_as_now(post, people) for post in self._held]

    def ask_repost(self, card: PostCard) -> None:
        self.repost(card.post)

    def repost(self, post: PostView) -> None:
        """The repost form for ``post``; what it makes shows on every list that
        shows my posts (``show_new_post``; a new language opens the form again
        from the list of the same id on the new screen)."""
        from ..screens.repost import RepostScreen

        def shared(made: PostView | None) -> None:
            if made is not None:
                self.app.notify(_("Shared."))
                show_new_post(self.app, made)

        self.app.push_screen(
            reopens(RepostScreen(post), partial(_repost_again, self.id, post)), shared)

    def toggle_like(self, card: PostCard) -> None:
        me = self.app.current_user
        if me is not None:
            self._like(me.id, card.post.id, not card.post.liked_by_me)

    # The post's id is taken when the key is pressed: a card is refilled with
    # another post when its list is read again (PostList._refill).
    @work(thread=True, group="post-like")
    def _like(self, user_id: int, post_id: int, like: bool) -> None:
        try:
            if like:
                post = posts.like_post(user_id, post_id)
            else:
                post = posts.unlike_post(user_id, post_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show_everywhere, post)

    def _show_everywhere(self, post: PostView) -> None:
        show_posts(self.app, [post])

    def pick_reaction(self, card: PostCard) -> None:
        from ..screens.reaction_picker import ReactionPicker

        me = self.app.current_user
        current = next((r.emoji for r in card.post.reactions if r.mine), None)
        post_id = card.post.id

        def chosen(emoji: str | None) -> None:
            if emoji is not None and me is not None:
                self._react(me.id, post_id, emoji)

        self.app.push_screen(ReactionPicker(current), chosen)

    @work(thread=True, group="post-react")
    def _react(self, user_id: int, post_id: int, emoji: str) -> None:
        try:
            post = reactions.react_to_post(user_id, post_id, emoji)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show_everywhere, post)

    def ask_delete(self, card: PostCard) -> None:
        from ..screens.confirm import ConfirmScreen

        post_id = card.post.id  # the post asked about, whatever the card shows by the answer

        def answered(yes: bool | None) -> None:
            if yes and self.app.current_user is not None:
                self._delete(self.app.current_user.id, post_id)

        self.app.push_screen(
            ConfirmScreen(_("Delete this post? This cannot be undone."), confirm_label=_("Delete")),
            answered,
        )

    @work(thread=True, group="post-delete")
    def _delete(self, user_id: int, post_id: int) -> None:
        try:
            posts.delete_post(user_id, post_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._removed, post_id)


def _repost_again(list_id: str | None, post: PostView, below: Screen) -> None:
    from .post_list import PostList

    lists = list(below.query(f"#{list_id}").results(PostList)) if list_id else []
    if lists:
        lists[0].repost(post)
