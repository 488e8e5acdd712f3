"""Post drafts (models/post_drafts.py): a post or a comment a person wrote
and has not sent, kept per person and box, never shown to anyone else; sent,
it goes; and the schema step that adds them to a version-18 database."""

from __future__ import annotations

import pytest

from models import comments, communities, migrations, posts
from models.db import close_database, database, open_database
from models.errors import ValidationError
from models.post_drafts import (
    COMMENT,
    COMMUNITY,
    POST,
    WALL,
    clear_post_draft,
    post_drafts_for,
    save_post_draft,
)
from models.schema import Meta, PostDraft, User


@pytest.fixture
def people(db, make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    michail = make_user("michail", "Michail", "Petrov")
    return anna.id, michail.id


def test_each_box_keeps_its_own_draft_and_saving_again_replaces_it(people):
    """The New post box, My profile's box, a community's box and the comment
    field under a post each keep one draft of mine."""
    anna, michail = people
    post = posts.create_post(michail, "Chess on Friday?")
    save_post_draft(anna, POST, 0, "A post half written")
    save_post_draft(anna, WALL, 0, "On my wall")
    save_post_draft(anna, COMMUNITY, 7, "For the club")
    save_post_draft(anna, COMMENT, post.id, "Yes, I")
    save_post_draft(anna, COMMENT, post.id, "Yes, I will come\nat seven")
    assert post_drafts_for(anna) == {
        (POST, 0): "A post half written", (WALL, 0): "On my wall",
        (COMMUNITY, 7): "For the club", (COMMENT, post.id): "Yes, I will come\nat seven"}
    assert PostDraft.select().count() == 4


def test_a_post_draft_is_never_shown_to_anyone_else(people):
    anna, michail = people
    save_post_draft(anna, POST, 0, "a secret half-thought")
    assert post_drafts_for(michail) == {}
    assert post_drafts_for(anna) == {(POST, 0): "a secret half-thought"}


def test_an_empty_draft_or_clearing_removes_it(people):
    anna, _michail = people
    save_post_draft(anna, POST, 0, "something")
    save_post_draft(anna, COMMENT, 5, "else")
    save_post_draft(anna, POST, 0, "  \n ")
    assert post_drafts_for(anna) == {(COMMENT, 5): "else"}
    clear_post_draft(anna, COMMENT, 5)
    clear_post_draft(anna, COMMENT, 5)  # twice: nothing to do
    assert post_drafts_for(anna) == {}


def test_a_draft_loses_control_characters(people):
    anna, _michail = people
    save_post_draft(anna, WALL, 0, "line one\n\x1b[31mred\x07")
    assert post_drafts_for(anna) == {(WALL, 0): "line one\n[31mred"}


def test_a_huge_draft_is_refused_with_its_size_and_nothing_kept(people):
    """Refused aloud, never cut: the draft kept before stays as it was."""
    anna, _michail = people
    save_post_draft(anna, POST, 0, "short")
    with pytest.raises(ValidationError) as err:
        save_post_draft(anna, POST, 0, "x" * 20_001)
    assert "20001" in err.value.message
    assert post_drafts_for(anna) == {(POST, 0): "short"}


@pytest.mark.parametrize(("box", "target"), [
    ("elsewhere", 0), (POST, 3), (WALL, -1), (COMMUNITY, 0), (COMMENT, 0), (COMMENT, "5"),
    (COMMENT, True),
])
def test_a_box_that_does_not_exist_is_refused(people, box, target):
    anna, _michail = people
    with pytest.raises(ValidationError):
        save_post_draft(anna, box, target, "text")
    assert PostDraft.select().count() == 0


def test_publishing_or_commenting_clears_the_draft_of_what_was_sent(people):
    """A post published on my wall clears the draft that says it (the New post
    box's or My profile's); in a community, that community's; a comment sent,
    that post's comment draft. A draft that says something else stays."""
    anna, michail = people
    club = communities.create_community(anna, "Chess club")
    theirs = posts.create_post(michail, "Chess on Friday?")
    save_post_draft(anna, POST, 0, "Summer ")
    save_post_draft(anna, WALL, 0, "typed meanwhile")
    save_post_draft(anna, COMMUNITY, club.id, "Hello chess")
    save_post_draft(anna, COMMENT, theirs.id, "I will come")
    posts.create_post(anna, "Summer ")
    assert post_drafts_for(anna) == {(WALL, 0): "typed meanwhile",
                                     (COMMUNITY, club.id): "Hello chess",
                                     (COMMENT, theirs.id): "I will come"}
    posts.create_post(anna, "Hello chess", community_id=club.id)
    comments.add_comment(anna, theirs.id, "I will come")
    assert post_drafts_for(anna) == {(WALL, 0): "typed meanwhile"}


def test_deleting_a_person_deletes_their_post_drafts(people):
    anna, michail = people
    save_post_draft(anna, POST, 0, "mine")
    save_post_draft(michail, POST, 0, "his")
    User.delete().where(User.id == anna).execute()
    assert post_drafts_for(michail) == {(POST, 0): "his"}
    assert PostDraft.select().count() == 1


def test_a_version_18_database_is_upgraded_to_keep_post_drafts(db_url, make_user_factory):
    """Steps 1–18 as they are, a person in it; opening it adds ``post_draft``
    (its unique index too) and keeps the person; the step can run again."""
    db = open_database(db_url, upgrade=False)
    with db.atomic():
        for step in sorted(v for v in migrations.STEPS if v <= 18):
            migrations.STEPS[step](db)
        Meta.insert(key="schema_version", value="18").execute()
    vera = make_user_factory("vera")
    close_database()
    try:
        db = open_database(db_url, upgrade=False)
        assert "post_draft" not in db.get_tables()
        close_database()
        db = open_database(db_url)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION == 19
        indexes = {index.name: index for index in db.get_indexes("post_draft")}
        assert indexes["post_draft_user_id_box_target"].unique
        assert indexes["post_draft_user_id_box_target"].columns == ["user_id", "box", "target"]
        save_post_draft(vera, POST, 0, "Hello from an old database")
        assert post_drafts_for(vera) == {(POST, 0): "Hello from an old database"}
        migrations.STEPS[19](db)  # again: nothing changes
        assert post_drafts_for(vera) == {(POST, 0): "Hello from an old database"}
        User.delete().where(User.id == vera).execute()  # the row goes with the person
        assert PostDraft.select().count() == 0
    finally:
        close_database()
        database.initialize(None)
