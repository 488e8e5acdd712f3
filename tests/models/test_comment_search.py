"""Comments are found by their words (the search index of schema step 12),
newest first, only those the searcher may read; a deleted or edited comment
leaves or changes the index. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from models import blocks, comments, posts
from models.comment_search import search_comments


@pytest.fixture
def people(make_user, frozen_clock):
    return tuple(make_user(login).id for login in ("anna", "boris", "vera"))


def found(user_id, query) -> list[str]:
    return [h.snippet.text for h in search_comments(user_id, query).items]


def test_comments_are_found_by_their_words_newest_first(db, people):
    anna, boris, vera = people
    post = posts.create_post(anna, "Поход")
    comments.add_comment(boris, post.id, "Беру палатку и горелку")
    comments.add_comment(vera, post.id, "А я возьму ПАЛАТКУ побольше")
    comments.add_comment(vera, post.id, "Про погоду ничего не знаю")
    assert found(anna, "палатк") == ["А я возьму ПАЛАТКУ побольше", "Беру палатку и горелку"]
    assert found(anna, "палатку from:boris") == ["Беру палатку и горелку"]
    hits = search_comments(anna, "палатку", limit=1)
    assert hits.next_cursor is not None
    assert [h.post_id for h in hits.items] == [post.id]


def test_an_edit_or_a_deletion_changes_what_is_found(db, people):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    comment = comments.add_comment(boris, post.id, "старое слово")
    comments.edit_comment(boris, comment.id, "новое слово")
    assert found(anna, "старое") == [] and found(anna, "новое") == ["новое слово"]
    comments.delete_comment(boris, comment.id)
    assert found(anna, "слово") == []


def test_only_what_i_may_read_is_found(db, people):
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    comments.add_comment(vera, post.id, "секретный рецепт")
    blocks.block(anna, boris)  # the post's author blocked boris
    assert found(boris, "рецепт") == []
    assert found(anna, "рецепт") == ["секретный рецепт"]
    blocks.block(vera, anna)  # the comment's author blocked anna
    assert found(anna, "рецепт") == []


def test_db_check_names_the_comments_the_index_disagrees_with(db, people):
    """The comment index changed behind the triggers' back: ``db check`` says which."""
    from models.db import is_sqlite
    from models.maintenance import check_database
    from models.schema import Comment

    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    first = comments.add_comment(boris, post.id, "first words").id
    second = comments.add_comment(boris, post.id, "second words").id
    assert [p for p in check_database() if p.startswith("Search index")] == []
    if is_sqlite():
        db.execute_sql("DROP TRIGGER comment_search_update")
    else:
        db.execute_sql("ALTER TABLE comment DISABLE TRIGGER comment_search")
    Comment.update(text="replaced entirely").where(Comment.id == first).execute()
    Comment.update(deleted=True).where(Comment.id == second).execute()
    text = " ".join(p for p in check_database() if p.startswith("Search index"))
    assert "comment" in text and str(first) in text and str(second) in text
