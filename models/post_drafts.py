"""Post drafts: a post or a comment a person wrote and has not sent yet.

One per person and box (``PostDraft``): the New post box (``POST``), My
profile's box (``WALL``), a community page's box (``COMMUNITY``, by the
community) and the comment field under a post (``COMMENT``, by the post). A
draft is its writer's alone: every function here takes the writer and reads
or writes only their rows. Saving an empty draft removes it; publishing the
post or sending the comment removes it too (``posts.create_post``,
``comments.add_comment``). The length allowed is a dialog draft's
(``drafts.MAX_DRAFT_LENGTH``): a longer one is refused, never cut.
"""

from __future__ import annotations

from . import clock
from .db import reads, writes
from .drafts import draft_text
from .errors import ValidationError
from .schema import PostDraft
from .text import clean_text

POST, WALL, COMMUNITY, COMMENT = "post", "wall", "community", "comment"
_BY_ID = (COMMUNITY, COMMENT)  # the boxes named by an id; the others by 0


def _box(box: object, target: object) -> tuple[str, int]:
    if box not in (POST, WALL, COMMUNITY, COMMENT):
        raise ValidationError("There is no such place to write in.", field="box")
    if not isinstance(target, int) or isinstance(target, bool) or target < 0 or (
            (target == 0) == (box in _BY_ID)):
        raise ValidationError("That id is not valid.", field="target")
    return box, target  # type: ignore[return-value]


@writes
def save_post_draft(user_id: int, box: str, target: int, text: str) -> None:
    """Keep ``text`` as my draft in ``box`` (``target``: the community or the
    post for ``COMMUNITY`` and ``COMMENT``, else 0); an empty text removes it."""
    box, target = _box(box, target)
    text = draft_text(text)
    if not text.strip():
        clear_post_draft(user_id, box, target)
        return
    now = clock.now()
    PostDraft.insert({PostDraft.user: user_id, PostDraft.box: box, PostDraft.target: target,
                      PostDraft.text: text, PostDraft.updated_at: now}).on_conflict(
        conflict_target=[PostDraft.user, PostDraft.box, PostDraft.target],
        update={PostDraft.text: text, PostDraft.updated_at: now},
    ).execute()


@writes
def clear_post_draft(user_id: int, box: str, target: int) -> None:
    """Remove my draft in ``box`` (nothing happens when there is none)."""
    box, target = _box(box, target)
    PostDraft.delete().where((PostDraft.user == user_id) & (PostDraft.box == box)
                             & (PostDraft.target == target)).execute()


def clear_sent_post_draft(user_id: int, boxes: tuple[str, ...], target: int,
                          sent_text: str) -> None:
    """Inside the transaction that publishes a post or sends a comment: the
    draft of what was just sent goes; a draft that says something else
    (typed meanwhile, or in another box) stays."""
    cleaned = clean_text(sent_text)
    PostDraft.delete().where(
        (PostDraft.user == user_id) & PostDraft.box.in_(boxes) & (PostDraft.target == target)
        & PostDraft.text.in_([cleaned, cleaned.strip()])
    ).execute()


@reads
def post_drafts_for(user_id: int) -> dict[tuple[str, int], str]:
    """My post and comment drafts: (box, target) → text."""
    return {
        (box, target): clean_text(text)
        for box, target, text in PostDraft.select(PostDraft.box, PostDraft.target, PostDraft.text)
        .where(PostDraft.user == user_id).tuples()
    }
