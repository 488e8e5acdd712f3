"""Reposts: share a post to my wall or to a community I am a member of, with
an optional comment of my own.

A repost is a post of mine whose ``repost_of`` names the original and whose
``is_repost`` is set; its likes, reactions and comments are its own. Reposting
a repost shares its original (a chain never grows). When the original is
deleted the database sets ``repost_of`` to NULL and the repost shows "The post
was deleted" inside (``PostView.is_repost`` and no ``original``).
"""

from __future__ import annotations

from . import clock
from .comments import visible_post
from .db import writes
from .errors import NotFoundError
from .people import require_user
from .posts import clean_post_text, post_view, require_member
from .schema import Post
from .views import PostView


@writes
def repost(
    user_id: int, post_id: int, text: str = "", community_id: int | None = None
) -> PostView:
    """Share a post I may see (its original, when it is a repost itself)."""
    cleaned = clean_post_text(text, optional=True)
    require_user(user_id)
    visible_post(user_id, post_id)
    shared = Post.select(Post.repost_of, Post.is_repost).where(Post.id == post_id).first()
    original = post_id
    if shared.is_repost:
        if shared.repost_of_id is None:
            raise NotFoundError("The post shared here was deleted; there is nothing to share.",
                                field="post_id")
        original = shared.repost_of_id
        visible_post(user_id, original)
    if community_id is not None:
        require_member(user_id, community_id)
    new = Post.create(
        author=user_id, community=community_id, text=cleaned, created_at=clock.now(),
        like_count=0, comment_count=0, repost_of=original, is_repost=True,
    )
    return post_view(user_id, new.id)
