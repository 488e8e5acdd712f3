"""People as they are now on what the app shows of them: someone's new name,
login or avatar (``MessengerApp.show_people``: the live poll's
``PROFILE_CHANGED``, or my own change) put on the posts, comments and rows
read before it, in place, where the reader left them.

A screen or widget that shows people takes them in its ``on_people_changed``
(``tui.events.PeopleChanged``, sent to every screen on a stack, a dialog box
open over one too, and to a kept screen made ready out of sight:
``tui/ready_ahead.py``; a picker's rows through ``rows_as_now``); the post
lists of every stack and of those kept screens are reached through
``post_lists_on_stacks``
(``tui/widgets/post_actions.py``: ``show_people_on_posts``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableSequence
from dataclasses import replace
from typing import TypeVar

from rich.console import RenderableType
from textual.dom import DOMNode
from textual.widgets import OptionList

from models.views import CommentView, PostView, UserRef

People = Mapping[int, UserRef]
T = TypeVar("T")


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
    """A person (``UserRef``) or a row naming one (its ``author``, ``sender``,
    ``peer``: a found message, post or comment; its ``user``: who reacted, who
    has read it, a member) as they are now; the same object when it names none
    of ``people``."""
    if isinstance(item, UserRef):
        return people.get(item.id, item)
    changes = {name: people[person.id] for name in ("author", "sender", "peer", "user")
               if isinstance(person := getattr(item, name, None), UserRef)
               and person.id in people}
    return replace(item, **changes) if changes else item


def as_now_in_place(items: MutableSequence[T], people: People,
                    as_now: Callable[[T, People], T] = named_as_now) -> list[int]:
    """``items`` naming ``people`` as they are now (``as_now``: ``named_as_now``),
    each replaced where it is; the indexes of those replaced."""
    replaced = []
    for index, item in enumerate(items):
        if (now := as_now(item, people)) is not item:
            items[index] = now
            replaced.append(index)
    return replaced


def rows_as_now(rows: OptionList, items: MutableSequence[T], people: People,
                prompt: Callable[[T], RenderableType],
                as_now: Callable[[T, People], T] = named_as_now) -> None:
    """A list's rows, the n-th showing ``items[n]`` as ``prompt`` draws it (a
    picker's people, who reacted, who has read it), naming ``people`` as they
    are now in place: the highlighted row stays, and what is typed in a search
    field above is not looked at again."""
    for index in as_now_in_place(items, people, as_now):
        rows.replace_option_prompt_at_index(index, prompt(items[index]))


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
