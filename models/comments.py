"""Comments under posts: write, reply (one level, quoted), edit and delete,
like, page newest last.

Who may: whoever may see a post (everyone registered, unless its author
blocked them — models/blocks.py) may read and write its comments; a comment's
author edits and deletes it; the post's author, and the community's owner for
a community post, may delete any comment under it. Someone who may not see
the post is told it does not exist.

The post's ``comment_count`` is kept in the writing transaction (the counter is
updated before the comment row is written, so on PostgreSQL the post's row
lock also orders the comments of one post: their ids commit in order, and the
live poll of an open post never skips one). A feed page so shows its counts
with no query per post. A deleted comment keeps its row, flagged and emptied,
so a reply to it still says what it answered.

A page is the newest ``limit`` comments before ``cursor`` (a comment id), oldest
first, from one range search of the (post, id) index and one batched query of
reactions: a post with 10 000 comments opens as fast as one with ten.
"""

from __future__ import annotations

from peewee import JOIN, fn

from . import activity, blocks, clock, post_drafts, text
from .db import is_sqlite, reads, writes
from .errors import NotFoundError, PermissionDeniedError, ValidationError, msg_template
from .page_extras import reactions_column, reactions_of
from .people import check_limit, require_user, user_ref_columns, user_ref_from
from .prepared import Prepared
from .schema import Comment, CommentLike, Community, Post, User
from .views import CommentQuote, CommentView, Page

MAX_COMMENT_LENGTH = 2000
LIVE_BATCH = 200  # new comments one poll reads
_NO_CURSOR = 2**63 - 1
POST_GONE = "That post does not exist (it may have been deleted)."
COMMENT_GONE = "That comment does not exist (it may have been deleted)."


def clean_comment_text(value: object) -> str:
    return text.written_text(
        value, limit=MAX_COMMENT_LENGTH, empty=msg_template("Write some text for the comment."),
        too_long=msg_template(
            "A comment holds at most {limit} characters; this one has {length}."),
    )


def _id(value: object, field: str, missing: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise NotFoundError(missing, field=field)


# Their SQL is built once (models/prepared.py): building it cost more than running it.
_VISIBLE_POST = Prepared(
    lambda viewer_id, post_id: Post.select(Post.author, Post.community)
    .where((Post.id == post_id) & blocks.not_blocked_by_author(Post.author, viewer_id))
    .limit(1)
    .tuples(),
    2,
)


def visible_post(viewer_id: int, post_id: object) -> tuple[int, int | None]:
    """(author, community) of a post ``viewer_id`` may see, or NotFoundError."""
    post_id = _id(post_id, "post_id", POST_GONE)
    rows = _VISIBLE_POST.rows(viewer_id, post_id)
    if not rows:
        raise NotFoundError("That post does not exist (it may have been deleted).",
                            field="post_id")
    return tuple(rows[0])


def readable_comment(viewer_id: int, comment_id: object) -> Comment:
    """A live (not deleted) comment under a post ``viewer_id`` may see, by
    someone who did not block them (the post shows them no other)."""
    comment_id = _id(comment_id, "comment_id", COMMENT_GONE)
    row = (
        Comment.select(Comment.id, Comment.post, Comment.author, Comment.deleted, Comment.text)
        .where((Comment.id == comment_id)
               & blocks.not_blocked_by_author(Comment.author, viewer_id))
        .first()
    )
    if row is None or row.deleted:
        raise NotFoundError("That comment does not exist (it may have been deleted).",
                            field="comment_id")
    visible_post(viewer_id, row.post_id)
    return row


# ---------------------------------------------------------------- reading

_QUOTED, _QUOTED_AUTHOR = Comment.alias("quoted"), User.alias("quoted_author")


def _columns(row, viewer_id: int, my_like) -> tuple:
    """What a comment's view is made of: ``row`` (Comment or its alias), its
    author (User), the quoted comment and its author (``_QUOTED``,
    ``_QUOTED_AUTHOR``) and ``my_like`` (my like's id)."""
    return (
        row.id, row.post.alias("post_id"), row.text, row.created_at, row.edited_at,
        row.like_count, row.deleted,
        *user_ref_columns(User, "author_"),
        _QUOTED.id.alias("quoted_comment_id"), _QUOTED.text.alias("quoted_text"),
        _QUOTED.deleted.alias("quoted_deleted"),
        # a comment whose author blocked me is hidden from me, quoted too
        _QUOTED.author.in_(blocks.blockers_of(viewer_id)).alias("quoted_hidden"),
        *user_ref_columns(_QUOTED_AUTHOR, "quoted_"),
        my_like.alias("my_like_id"),
    )


def _joined(query, row):
    """``query`` of ``row`` joined to the author, the quoted comment and its author."""
    return (
        query.join(User, on=(row.author == User.id))
        .switch(row)
        .join(_QUOTED, JOIN.LEFT_OUTER, on=(row.reply_to == _QUOTED.id))
        .join(_QUOTED_AUTHOR, JOIN.LEFT_OUTER, on=(_QUOTED.author == _QUOTED_AUTHOR.id))
        .switch(row)
    )


def _query(viewer_id: int):
    """Comments with their author, the quoted comment and its author, and my like."""
    my_like = CommentLike.alias("my_like")
    return (
        _joined(Comment.select(*_columns(Comment, viewer_id, my_like.id)), Comment)
        .join(my_like, JOIN.LEFT_OUTER,
              on=((my_like.comment == Comment.id) & (my_like.user == viewer_id)))
        .where(blocks.not_blocked_by_author(Comment.author, viewer_id))
        .dicts()
    )


def _views(rows: list[dict], viewer_id: int) -> list[CommentView]:
    from .reactions import comment_counts

    counts = comment_counts((row["id"] for row in rows), viewer_id)
    return [_view(row, counts.get(row["id"], ())) for row in rows]


def _view(row: dict, reactions: tuple = ()) -> CommentView:
    quote = None
    if row["quoted_comment_id"] is not None:
        # a comment I may not read (its author blocked me) is quoted as gone
        deleted = bool(row["quoted_deleted"]) or bool(row["quoted_hidden"])
        quote = CommentQuote(
            id=row["quoted_comment_id"], author=user_ref_from(row, "quoted_"),
            text="" if deleted else row["quoted_text"], deleted=deleted,
        )
    deleted = bool(row["deleted"])
    return CommentView(
        id=row["id"], post_id=row["post_id"], author=user_ref_from(row, "author_"),
        text="" if deleted else row["text"], created_at=row["created_at"],
        edited_at=row["edited_at"], like_count=row["like_count"],
        liked_by_me=row["my_like_id"] is not None, reply_to=quote, reactions=reactions,
        deleted=deleted,
    )


def comment_view(viewer_id: int, comment_id: int) -> CommentView:
    """One comment as ``viewer_id`` sees it (inside the caller's read or write)."""
    row = _query(viewer_id).where(Comment.id == comment_id).first()
    if row is None:
        raise NotFoundError("That comment does not exist (it may have been deleted).",
                            field="comment_id")
    return _views([row], viewer_id)[0]


def _page_query(viewer_id, post_id, before, limit):
    """A page of a post's comments with their reactions, only while the post is
    one ``viewer_id`` may see: one statement — one round trip on PostgreSQL
    (issue 17). The visibility is a condition of the page (asked once, not per
    row). The page's comments are cut first, by the ``(post, id)`` range, and
    only they read their authors, quotes, my like and reactions (by key): with
    the joins around the page rather than under it PostgreSQL plans the
    statement in about half the time, which was most of its cost."""
    visible = Post.select(Post.id).where(
        (Post.id == post_id) & blocks.not_blocked_by_author(Post.author, viewer_id))
    page = (
        Comment.select(Comment.id, Comment.post, Comment.text, Comment.created_at,
                       Comment.edited_at, Comment.like_count, Comment.deleted, Comment.author,
                       Comment.reply_to)
        .where((Comment.post == post_id) & (Comment.id < before) & ~Comment.deleted
               & blocks.not_blocked_by_author(Comment.author, viewer_id) & fn.EXISTS(visible))
        .order_by(Comment.id.desc())
        .limit(limit)
        .alias("page")
    )
    row = Comment.alias("page")
    my_like = CommentLike.select(CommentLike.id).where(
        (CommentLike.comment == row.id) & (CommentLike.user == viewer_id))
    return (
        _joined(row.select(*_columns(row, viewer_id, my_like),
                           reactions_column(row.id, viewer_id).alias("reactions"))
                .from_(page), row)
        .order_by(row.id.desc())
        .dicts()
    )


_PAGE = Prepared(_page_query, 4)


@reads
def comments_page(
    viewer_id: int, post_id: int, cursor: object = None, limit: int = 30
) -> Page[CommentView]:
    """The newest ``limit`` comments of a post before ``cursor``, oldest first;
    ``next_cursor`` pages on to older ones (``None``: these are the oldest).

    One statement, the page with its reactions; only an empty page asks
    whether the post is there for me at all (NotFoundError if not)."""
    limit = check_limit(limit)
    post_id = _id(post_id, "post_id", POST_GONE)
    if cursor is None:
        before = _NO_CURSOR
    elif isinstance(cursor, int) and not isinstance(cursor, bool):
        before = cursor
    else:
        visible_post(viewer_id, post_id)  # a hidden post is "not found", whatever the cursor
        raise ValidationError("This page marker is not one this list gave out.", field="cursor")
    rows = _PAGE.dicts(viewer_id, post_id, before, limit + 1)
    if not rows:
        visible_post(viewer_id, post_id)
        return Page(items=(), next_cursor=None)
    more = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return Page(items=tuple(_view(row, reactions_of(row["reactions"])) for row in rows),
                next_cursor=rows[0]["id"] if more else None)


@reads
def comments_after(
    viewer_id: int, post_id: int, after_id: int, limit: int = LIVE_BATCH
) -> list[CommentView]:
    """Comments of a post newer than ``after_id``, oldest first (live: the open post)."""
    visible_post(viewer_id, post_id)
    after = after_id if isinstance(after_id, int) and not isinstance(after_id, bool) else 0
    rows = list(
        _query(viewer_id)
        .where((Comment.post == post_id) & (Comment.id > after) & ~Comment.deleted)
        .order_by(Comment.id)
        .limit(check_limit(limit))
    )
    return _views(rows, viewer_id)


@reads
def comment_window(
    viewer_id: int, post_id: int, newest: int, limit: int = LIVE_BATCH
) -> list[CommentView]:
    """The newest ``limit`` comments of a post up to ``newest``, deleted ones
    included (flagged, emptied), oldest first (live: the open post's shown ones)."""
    visible_post(viewer_id, post_id)
    up_to = newest if isinstance(newest, int) and not isinstance(newest, bool) else 0
    rows = list(
        _query(viewer_id)
        .where((Comment.post == post_id) & (Comment.id <= up_to))
        .order_by(Comment.id.desc())
        .limit(check_limit(limit))
    )
    rows.reverse()
    return _views(rows, viewer_id)


@reads
def comments_by_id(viewer_id: int, comment_ids) -> list[CommentView]:
    """These comments as they are now (deleted ones left out), oldest first."""
    ids = sorted({i for i in comment_ids if isinstance(i, int) and not isinstance(i, bool)})
    if not ids:
        return []
    rows = list(
        _query(viewer_id)
        .join(Post, on=(Comment.post == Post.id))
        .where(Comment.id.in_(ids) & ~Comment.deleted
               & blocks.not_blocked_by_author(Post.author, viewer_id))
        .order_by(Comment.id)
    )
    return _views(rows, viewer_id)


# ---------------------------------------------------------------- writing

def _count(post_id: int, delta: int) -> None:
    Post.update(comment_count=Post.comment_count + delta).where(Post.id == post_id).execute()


@writes
def add_comment(
    user_id: int, post_id: int, text: str, reply_to: int | None = None
) -> CommentView:
    """Comment on a post I may see; ``reply_to``: a comment under the same post I answer."""
    cleaned = clean_comment_text(text)
    require_user(user_id)
    author, _community = visible_post(user_id, post_id)
    if reply_to is not None:
        target = readable_comment(user_id, reply_to)
        if target.post_id != post_id:
            raise ValidationError("A reply answers a comment under the same post.",
                                  field="reply_to")
    _count(post_id, +1)  # first: on PostgreSQL it takes the post's row lock (see above)
    comment = Comment.create(
        post=post_id, author=user_id, text=cleaned, reply_to=reply_to,
        created_at=clock.now(), like_count=0,
    )
    if author != user_id:
        activity.record(author, activity.POST_COMMENTED, actor_id=user_id, ref_id=comment.id)
    post_drafts.clear_sent_post_draft(user_id, (post_drafts.COMMENT,), post_id, text)
    return comment_view(user_id, comment.id)


@writes
def edit_comment(user_id: int, comment_id: int, text: str) -> CommentView:
    """Change the text of my own comment (the same text again changes nothing:
    it is not marked edited)."""
    cleaned = clean_comment_text(text)
    row = readable_comment(user_id, comment_id)
    if row.author_id != user_id:
        raise PermissionDeniedError("You can edit only your own comments.", field="comment_id")
    if cleaned == row.text:
        return comment_view(user_id, row.id)
    Comment.update(text=cleaned, edited_at=clock.now()).where(Comment.id == row.id).execute()
    return comment_view(user_id, row.id)


def may_delete(user_id: int, comment_author: int, post_author: int,
               community_owner: int | None) -> bool:
    """Whether ``user_id`` may delete a comment: its author, the post's author,
    the community's owner (community posts)."""
    return user_id in (comment_author, post_author) or (
        community_owner is not None and user_id == community_owner
    )


@writes
def delete_comment(user_id: int, comment_id: int) -> None:
    """Delete a comment (mine, or any under my post or my community's post)."""
    row = readable_comment(user_id, comment_id)
    post_author, community_id = visible_post(user_id, row.post_id)
    owner = None
    if community_id is not None:
        owner = Community.select(Community.owner).where(Community.id == community_id).scalar()
    if not may_delete(user_id, row.author_id, post_author, owner):
        raise PermissionDeniedError(
            "You can delete your own comments, and any under your posts.", field="comment_id"
        )
    changed = (
        Comment.update(deleted=True, text="")
        .where((Comment.id == row.id) & ~Comment.deleted)
        .execute()
    )
    if changed:  # a delete from two places at once counts once
        _count(row.post_id, -1)
        CommentLike.delete().where(CommentLike.comment == row.id).execute()


def _recount_likes(comment_id: int) -> None:
    if not is_sqlite():  # as posts._recount_likes: wait for the other likers
        Comment.select(Comment.id).where(Comment.id == comment_id).for_update().execute()
    count = CommentLike.select(fn.COUNT(CommentLike.id)).where(CommentLike.comment == comment_id)
    Comment.update(like_count=count).where(Comment.id == comment_id).execute()


@writes
def like_comment(user_id: int, comment_id: int) -> CommentView:
    """Like a comment; liking it again changes nothing."""
    require_user(user_id)
    row = readable_comment(user_id, comment_id)
    CommentLike.insert(comment=row.id, user=user_id, created_at=clock.now()) \
        .on_conflict_ignore().execute()
    _recount_likes(row.id)
    return comment_view(user_id, row.id)


@writes
def unlike_comment(user_id: int, comment_id: int) -> CommentView:
    """Take my like of a comment back."""
    row = readable_comment(user_id, comment_id)
    CommentLike.delete().where(
        (CommentLike.comment == row.id) & (CommentLike.user == user_id)
    ).execute()
    _recount_likes(row.id)
    return comment_view(user_id, row.id)
