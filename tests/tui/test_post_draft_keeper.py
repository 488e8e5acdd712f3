"""PostDraftKeeper (tui/post_draft_keeper.py): what it writes, and what it never removes."""

from __future__ import annotations

from models import post_drafts
from tui.post_draft_keeper import PostDraftKeeper


def test_a_draft_read_at_log_in_is_not_removed_before_it_reached_its_box(db, make_user,
                                                                         frozen_clock):
    """The drafts are read at log-in from a worker, then put in the boxes; the
    app ending (or a write) between the two found every box still empty and
    removed the drafts just read. Until they are in the boxes an empty box
    removes nothing; what is typed meanwhile is written; once they are in,
    an emptied box removes its draft."""
    anna = make_user("anna").id
    post_drafts.save_post_draft(anna, post_drafts.POST, 0, "half a post")
    keeper = PostDraftKeeper(anna)
    keeper.note_stored(post_drafts.post_drafts_for(anna))
    keeper.want({(post_drafts.WALL, 0): "typed meanwhile"})  # the New post box still empty
    keeper.flush()
    assert post_drafts.post_drafts_for(anna) == {(post_drafts.POST, 0): "half a post",
                                                 (post_drafts.WALL, 0): "typed meanwhile"}
    keeper.read = True
    keeper.want({(post_drafts.WALL, 0): "typed meanwhile"})  # the post was sent or emptied
    keeper.flush()
    assert post_drafts.post_drafts_for(anna) == {(post_drafts.WALL, 0): "typed meanwhile"}
