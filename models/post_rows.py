"""A post as a row and as a view: the SELECT every list of posts starts from
(author, community, my like and a repost's original joined) and the views
made from its rows with one more statement for reactions and attachments."""

from __future__ import annotations

from peewee import JOIN

from . import blocks
from .page_extras import page_extras
from .people import user_ref_columns, user_ref_from
from .schema import Community, Post, PostLike, User
from .views import PostView


def _post_columns(post, author, community, like, prefix: str = "") -> tuple:
    """A post's columns with its author, community name and the viewer's like,
    each named with ``prefix`` (a repost's original: ``ORIGINAL``)."""
    return (
        post.id.alias(f"{prefix}id"),
        post.community.alias(f"{prefix}community_id"),
        post.text.alias(f"{prefix}text"),
        post.created_at.alias(f"{prefix}created_at"),
        post.like_count.alias(f"{prefix}like_count"),
        post.comment_count.alias(f"{prefix}comment_count"),
        post.is_repost.alias(f"{prefix}is_repost"),
        post.repost_of.alias(f"{prefix}repost_of_id"),
        *user_ref_columns(author, f"{prefix}author_"),
        community.name.alias(f"{prefix}community_name"),
        like.id.alias(f"{prefix}my_like_id"),
    )


ORIGINAL = "original_"  # the columns of a repost's original in a ``post_query`` row


def post_query(viewer_id: int):
    """Posts with their author, community name and the viewer's like, in one
    SELECT, a repost's original beside it (``ORIGINAL`` columns; NULL when the
    viewer may not see it): a page of reposts needs no statement for them.
    Never the posts of people who blocked the viewer (models/blocks.py)."""
    my_like = PostLike.alias("my_like")
    original, o_author = Post.alias("original"), User.alias("original_author")
    o_community, o_like = Community.alias("original_community"), PostLike.alias("original_like")
    return (
        Post.select(
            *_post_columns(Post, User, Community, my_like),
            *_post_columns(original, o_author, o_community, o_like, ORIGINAL),
        )
        .join(User, on=(Post.author == User.id))
        .switch(Post)
        .join(Community, JOIN.LEFT_OUTER, on=(Post.community == Community.id))
        .switch(Post)
        .join(
            my_like,
            JOIN.LEFT_OUTER,
            on=((my_like.post == Post.id) & (my_like.user == viewer_id)),
        )
        .switch(Post)
        .join(original, JOIN.LEFT_OUTER,
              on=((original.id == Post.repost_of)
                  & blocks.not_blocked_by_author(original.author, viewer_id)))
        .join(o_author, JOIN.LEFT_OUTER, on=(original.author == o_author.id))
        .switch(original)
        .join(o_community, JOIN.LEFT_OUTER, on=(original.community == o_community.id))
        .switch(original)
        .join(o_like, JOIN.LEFT_OUTER,
              on=((o_like.post == original.id) & (o_like.user == viewer_id)))
        .where(blocks.not_blocked_by_author(Post.author, viewer_id))
        .dicts()
    )


def post_views(rows: list[dict], viewer_id: int) -> tuple[PostView, ...]:
    """Views of ``post_query`` rows (the originals of reposts in them), with
    their reactions and attachments (and the originals' attachments) from one
    more statement."""
    ids = [row["id"] for row in rows]
    shared = _original_rows(rows)
    extras = page_extras(viewer_id, reactions=("post_id", ids),
                         attachments=("post_id", [*ids, *(row["id"] for row in shared)]))
    originals = {row["id"]: _post_view(row, (), extras.attachments.get(row["id"], ()))
                 for row in shared}
    return tuple(
        _post_view(row, extras.reactions.get(row["id"], ()),
                   extras.attachments.get(row["id"], ()), originals.get(row["repost_of_id"]))
        for row in rows
    )


def _original_rows(rows: list[dict]) -> list[dict]:
    """The posts these reposts share that the viewer may see, from the
    ``ORIGINAL`` columns of their rows, each once."""
    found: dict[int, dict] = {}
    for row in rows:
        if row.get(f"{ORIGINAL}id") is not None:
            found[row[f"{ORIGINAL}id"]] = {key[len(ORIGINAL):]: value for key, value in row.items()
                                           if key.startswith(ORIGINAL)}
    return list(found.values())


def _post_view(
    row: dict, reaction_counts: tuple = (), attached: tuple = (),
    original: PostView | None = None,
) -> PostView:
    return PostView(
        id=row["id"],
        author=user_ref_from(row, "author_"),
        community_id=row["community_id"],
        community_name=row["community_name"],
        text=row["text"],
        created_at=row["created_at"],
        like_count=row["like_count"],
        liked_by_me=row["my_like_id"] is not None,
        reactions=reaction_counts,
        attachments=attached,
        comment_count=row["comment_count"],
        is_repost=bool(row["is_repost"]),
        original=original,
    )
