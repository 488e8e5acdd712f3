"""People as they are now on what the app shows of them: someone's new name,
login or avatar (``MessengerApp.show_people``: the live poll's
``PROFILE_CHANGED``, or my own change) put on the posts, comments and rows
read before it, in place, where the reader left them.

A screen or widget that shows people takes them in its ``on_people_changed``
(``tui.events.PeopleChanged``, sent to every screen on a stack); the post lists
of every stack are reached through ``post_lists_on_stacks``
(``tui/widgets/post_actions.py``: ``show_people_on_posts``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from rich.console import RenderableType
from textual.dom import DOMNode

from models.views import CommentView, PostView, UserRef

People = Mapping[int, UserRef]


def post_as_now(post: PostView, people: People) -> PostView:
    """``post`` naming ``people`` as they are now: its author, and a repost's
    shared post's author. The same object when neither is one of them."""
    author = people.get(post.author.id, post.author)
    original = post.original
    if original is not None:
        original = post_as_now(original, people)
    if author is post.author and original is post.original:
        return post
    return replace(post, author=author, original=original)


def comment_as_now(comment: CommentView, people: People) -> CommentView:
    """``comment`` naming ``people`` as they are now: its author and the author
    of the comment it quotes. The same object when neither is one of them."""
    author = people.get(comment.author.id, comment.author)
    quote = comment.reply_to
    if quote is not None and quote.author.id in people:
        quote = replace(quote, author=people[quote.author.id])
    if author is comment.author and quote is comment.reply_to:
        return comment
    return replace(comment, author=author, reply_to=quote)


def named_as_now(item, people: People):  # type: ignore[no-untyped-def]
    """A person (``UserRef``) or a result naming one (its ``author``, ``sender``,
    ``peer``: a found message, post or comment) as they are now; the same object
    when it names none of ``people``."""
    if isinstance(item, UserRef):
        return people.get(item.id, item)
    changes = {name: people[person.id] for name in ("author", "sender", "peer")
               if isinstance(person := getattr(item, name, None), UserRef)
               and person.id in people}
    return replace(item, **changes) if changes else item


def with_faces(node: DOMNode, people: Iterable[UserRef],
               then: Callable[[dict[int, RenderableType]], None]) -> None:
    """Render ``people``'s mini avatars (their initials, their picture) in a
    thread worker of ``node``, then ``then(faces)`` on the UI thread."""
    from .widgets.avatar import mini_avatars

    app = node.app
    wanted, color = list(people), not app.no_color

    def render() -> None:
        faces = mini_avatars(wanted, color=color)
        app.call_from_thread(then, faces)

    node.run_worker(render, thread=True, group="people-faces")
