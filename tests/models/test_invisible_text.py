"""A message, post or comment that draws nothing — only zero-width spaces,
Hangul fillers or the blank Braille pattern — is empty, as a name of them is
(models/text.py ``has_visible_character``): refused, or for a repost's
optional comment stored as no comment. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from models import comments, messages, posts, reposts
from models.errors import ValidationError

BLANK = ("\u200b", "\u3164 \u3164", "\u2800\u200d", "\ufeff\u0301")


@pytest.fixture
def people(db, make_user, frozen_clock):
    return tuple(make_user(login).id for login in ("anna", "boris"))


@pytest.mark.parametrize("blank", BLANK)
def test_text_that_draws_nothing_is_refused_as_empty(people, blank):
    anna, boris = people
    post = posts.create_post(anna, "a post")
    with pytest.raises(ValidationError, match="Write some text for the comment"):
        comments.add_comment(boris, post.id, blank)
    with pytest.raises(ValidationError, match="Write some text for the post"):
        posts.create_post(anna, blank)
    with pytest.raises(ValidationError, match="cannot be empty"):
        messages.send_message(anna, boris, blank, messages.new_client_id())
    mine = comments.add_comment(boris, post.id, "visible")
    with pytest.raises(ValidationError):
        comments.edit_comment(boris, mine.id, blank)
    assert reposts.repost(boris, post.id, blank).text == ""


def test_text_with_anything_visible_is_kept_as_written(people):
    anna, boris = people
    post = posts.create_post(anna, "😀\u200b")
    assert post.text == "😀\u200b"
    assert comments.add_comment(boris, post.id, "\u200b.").text == "\u200b."
