"""Reactions: one of six emoji, per person, on a message, a post or a comment.

Reacting with the emoji one already gave takes it back; reacting with another
replaces it, so a person has at most one reaction per target (the database's
unique indexes say so too, see ``migration_reactions``). Only someone who can
read the target may react to it or see who reacted: a message is read by the
members of its dialog, a post by every registered person (as the feeds show
them; a comment by whoever may see its post, models/comments.py). Someone else is told the target does not exist, not that it is hidden.

Counts are never stored: they are counted from the rows when a page is read,
so reactions from many processes at once can never leave a count that
disagrees with the rows. A page of messages or posts gets its counts from one
batched query (``message_counts`` / ``post_counts``), never one per item.

Live: a reaction on a message tells the other member(s) of the dialog (an
``activity.REACTED`` row, so their open chat redraws the counts); a reaction
on a post tells its author (``activity.POST_REACTED``). Posts are not fanned
out to every reader, as new posts are not (models/activity.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import activity, clock, conversations, dialogs, group_activity, posts
from .db import is_sqlite, reads, writes
from .errors import NotFoundError, ValidationError, msg
from .page_extras import REACTIONS, page_extras
from .people import USER_REF_FIELDS, require_user
from .schema import DialogMember, Message, Post, Reaction, User
from .views import CommentView, MessageView, PostView, ReactionCount, Reactor, UserRef

MAX_REACTORS = 500  # people the "who reacted" list shows at most


def _check_emoji(emoji: object) -> str:
    if not isinstance(emoji, str) or emoji not in REACTIONS:
        raise ValidationError(
            msg("Choose one of the six reactions: {reactions}.", reactions=" ".join(REACTIONS)),
            field="emoji",
        )
    return emoji


# ---------------------------------------------------------------- counting

def _counts(column: str, target_ids: Iterable[object], viewer_id: int
            ) -> dict[int, tuple[ReactionCount, ...]]:
    """Counts per target of ``column`` (``message_id`` or ``post_id``), in one query."""
    return page_extras(viewer_id, reactions=(column, target_ids)).reactions


def message_counts(message_ids: Iterable[object], viewer_id: int
                   ) -> dict[int, tuple[ReactionCount, ...]]:
    """Reaction counts of these messages (those with none are left out)."""
    return _counts("message_id", message_ids, viewer_id)


def comment_counts(comment_ids: Iterable[object], viewer_id: int
                   ) -> dict[int, tuple[ReactionCount, ...]]:
    """Reaction counts of these comments (those with none are left out)."""
    return _counts("comment_id", comment_ids, viewer_id)


def post_counts(post_ids: Iterable[object], viewer_id: int
                ) -> dict[int, tuple[ReactionCount, ...]]:
    """Reaction counts of these posts (those with none are left out)."""
    return _counts("post_id", post_ids, viewer_id)


# ---------------------------------------------------------------- who may

def _readable_message(user_id: int, message_id: object) -> tuple[int, bool]:
    """(dialog id, deleted) of a message ``user_id`` can read, or NotFoundError."""
    row = None
    if isinstance(message_id, int) and not isinstance(message_id, bool):
        row = (
            Message.select(Message.dialog, Message.deleted, Message.seq)
            .join(DialogMember, on=(DialogMember.dialog == Message.dialog))
            .where((Message.id == message_id) & (DialogMember.user == user_id))
            .tuples()
            .first()
        )
    if row is None:
        raise NotFoundError("That message does not exist.", field="message_id")
    me = conversations.access(user_id, row[0])
    if me.is_group:  # a group: what I may see (joined later, removed since), present only
        if row[2] < me.from_seq or (me.left_seq is not None and row[2] > me.left_seq):
            raise NotFoundError("That message does not exist.", field="message_id")
        conversations.require_present(me)
    return row[0], bool(row[1])


def _readable_post(user_id: int, post_id: object) -> int:
    """The author of a post ``user_id`` can read (every registered person can), or
    NotFoundError."""
    require_user(user_id)
    author = None
    if isinstance(post_id, int) and not isinstance(post_id, bool):
        author = Post.select(Post.author).where(Post.id == post_id).scalar()
    if author is None:
        raise NotFoundError("That post does not exist (it may have been deleted).",
                            field="post_id")
    return author


# ---------------------------------------------------------------- reacting

def _toggle(user_id: int, field, target_id: int, emoji: str) -> str | None:
    """Give, replace or take back ``user_id``'s reaction; the one in place after."""
    mine = (field == target_id) & (Reaction.user == user_id)
    query = Reaction.select(Reaction.emoji).where(mine)
    if not is_sqlite():
        query = query.for_update()  # SQLite's IMMEDIATE transaction is already alone
    current = query.scalar()
    if current == emoji:
        Reaction.delete().where(mine).execute()
        return None
    # An upsert: the same person reacting from two processes at once stays one row.
    Reaction.insert(
        {field: target_id, Reaction.user: user_id, Reaction.emoji: emoji,
         Reaction.created_at: clock.now()}
    ).on_conflict(
        conflict_target=[field, Reaction.user],
        update={Reaction.emoji: emoji, Reaction.created_at: clock.now()},
    ).execute()
    return emoji


@writes
def react_to_message(user_id: int, message_id: int, emoji: str) -> MessageView:
    """React to a message of one of my dialogs with ``emoji``; the same one
    again takes it back. Returns the message with its counts as they now are."""
    emoji = _check_emoji(emoji)
    dialog_id, deleted = _readable_message(user_id, message_id)
    if deleted:
        raise NotFoundError("That message was deleted.", field="message_id")
    _toggle(user_id, Reaction.message, message_id, emoji)
    # the other person, or a group's present members
    group_activity.record_for_conversation(dialog_id, user_id, activity.REACTED, message_id)
    return dialogs.message_view(message_id, user_id)


@writes
def react_to_post(user_id: int, post_id: int, emoji: str) -> PostView:
    """React to a post with ``emoji``; the same one again takes it back."""
    emoji = _check_emoji(emoji)
    author = _readable_post(user_id, post_id)
    _toggle(user_id, Reaction.post, post_id, emoji)
    if author != user_id:
        activity.record(author, activity.POST_REACTED, actor_id=user_id, ref_id=post_id)
    return posts.post_view(user_id, post_id)


@writes
def react_to_comment(user_id: int, comment_id: int, emoji: str) -> CommentView:
    """React to a comment under a post I may see; the same one again takes it back."""
    from . import comments

    emoji = _check_emoji(emoji)
    require_user(user_id)
    row = comments.readable_comment(user_id, comment_id)
    _toggle(user_id, Reaction.comment, row.id, emoji)
    return comments.comment_view(user_id, row.id)


# ---------------------------------------------------------------- who reacted

def _reactors(field, target_id: int) -> list[Reactor]:
    rows = (
        Reaction.select(Reaction.emoji, Reaction.created_at, *USER_REF_FIELDS)
        .join(User, on=(Reaction.user == User.id))
        .where(field == target_id)
        .order_by(Reaction.id)
        .limit(MAX_REACTORS)
        .tuples()
    )
    return [
        Reactor(user=UserRef(id=uid, login=login, first_name=first, last_name=last,
                             avatar_id=avatar),
                emoji=emoji, created_at=created_at)
        for emoji, created_at, uid, login, first, last, avatar in rows
    ]


@reads
def message_reactors(user_id: int, message_id: int) -> list[Reactor]:
    """Who reacted to a message of one of my dialogs, and with what, first first."""
    _readable_message(user_id, message_id)
    return _reactors(Reaction.message, message_id)


@reads
def comment_reactors(user_id: int, comment_id: int) -> list[Reactor]:
    """Who reacted to a comment, and with what, first first."""
    from . import comments

    row = comments.readable_comment(user_id, comment_id)
    return _reactors(Reaction.comment, row.id)


@reads
def post_reactors(user_id: int, post_id: int) -> list[Reactor]:
    """Who reacted to a post, and with what, first first."""
    _readable_post(user_id, post_id)
    return _reactors(Reaction.post, post_id)
