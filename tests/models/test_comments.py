"""Comments under posts: write, reply (quoted), edit, delete (own; the post's
author and the community's owner any), like, react; paged newest last; only
for those who may see the post; the count on the post kept without a query
per post; the post's author hears of it. Runs on SQLite and PostgreSQL.
Анна writes the post; Борис and Vera comment."""

from __future__ import annotations

import shutil

import pytest
from playhouse.test_utils import count_queries
from test_activity import PollThread

from models import blocks, comments, communities, migrations, posts, reactions
from models.db import close_database, database, open_database
from models.errors import NotFoundError, PermissionDeniedError, ValidationError
from models.schema import Comment, Post


@pytest.fixture
def people(make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


def texts(page) -> list[str]:
    return [c.text for c in page.items]


def test_comments_come_newest_last_and_page_back_to_the_oldest(db, people):
    anna, boris, _vera = people
    post = posts.create_post(anna, "Сходили в поход")
    for n in range(7):
        comments.add_comment(boris, post.id, f"c{n}")
    first = comments.comments_page(anna, post.id, limit=3)
    assert texts(first) == ["c4", "c5", "c6"]
    second = comments.comments_page(anna, post.id, first.next_cursor, limit=3)
    assert texts(second) == ["c1", "c2", "c3"]
    last = comments.comments_page(anna, post.id, second.next_cursor, limit=3)
    assert texts(last) == ["c0"] and last.next_cursor is None
    assert posts.posts_by_author(anna, anna).items[0].comment_count == 7


def test_text_is_cleaned_and_limited_with_clear_errors(db, people):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    shown = comments.add_comment(boris, post.id, "  hi\x1b[31m there\u202e  ")
    assert shown.text == "hi[31m there"
    with pytest.raises(ValidationError, match="Write some text"):
        comments.add_comment(boris, post.id, " \n ")
    with pytest.raises(ValidationError, match="at most 2000"):
        comments.add_comment(boris, post.id, "x" * 2001)
    with pytest.raises(NotFoundError):
        comments.add_comment(boris, 999_999, "no such post")


def test_a_reply_quotes_the_comment_it_answers(db, people):
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    other = posts.create_post(anna, "other")
    question = comments.add_comment(boris, post.id, "Где это?")
    answer = comments.add_comment(anna, post.id, "На Алтае", reply_to=question.id)
    assert answer.reply_to.id == question.id
    assert answer.reply_to.author.login == "boris"
    assert answer.reply_to.text == "Где это?"
    with pytest.raises(ValidationError, match="same post"):
        comments.add_comment(vera, other.id, "wrong post", reply_to=question.id)
    comments.delete_comment(boris, question.id)
    quoted = comments.comments_page(vera, post.id).items[0].reply_to
    assert quoted.deleted and quoted.text == ""


def test_only_the_author_edits_and_who_may_deletes(db, people):
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    mine = comments.add_comment(boris, post.id, "first")
    edited = comments.edit_comment(boris, mine.id, "first, edited")
    assert edited.text == "first, edited" and edited.edited_at is not None
    with pytest.raises(PermissionDeniedError):
        comments.edit_comment(anna, mine.id, "not hers")
    with pytest.raises(PermissionDeniedError):
        comments.delete_comment(vera, mine.id)
    comments.delete_comment(anna, mine.id)  # the post's author may
    assert texts(comments.comments_page(boris, post.id)) == []
    assert posts.posts_by_author(anna, anna).items[0].comment_count == 0
    with pytest.raises(NotFoundError):
        comments.delete_comment(boris, mine.id)  # deleted once, counted once
    assert posts.posts_by_author(anna, anna).items[0].comment_count == 0
    vera_own = comments.add_comment(vera, post.id, "mine")
    comments.delete_comment(vera, vera_own.id)


def test_a_comment_edit_that_changes_nothing_is_not_an_edit(db, people):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    mine = comments.add_comment(boris, post.id, "as it was")
    same = comments.edit_comment(boris, mine.id, " as it was  ")
    assert same.text == "as it was" and same.edited_at is None
    assert comments.comments_page(anna, post.id).items[0].edited_at is None
    assert comments.edit_comment(boris, mine.id, "now other").edited_at is not None


def test_a_communitys_owner_deletes_any_comment_under_its_posts(db, people):
    anna, boris, vera = people
    club = communities.create_community(vera, "Походы")
    communities.join(anna, club.id)
    post = posts.create_post(anna, "в сообществе", community_id=club.id)
    comment = comments.add_comment(boris, post.id, "hi")
    comments.delete_comment(vera, comment.id)
    assert comments.comments_page(anna, post.id).items == ()


def test_someone_blocked_by_the_author_can_neither_read_nor_comment(db, people):
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    comment = comments.add_comment(vera, post.id, "vera was here")
    blocks.block(anna, boris)
    with pytest.raises(NotFoundError):
        comments.comments_page(boris, post.id)
    with pytest.raises(NotFoundError):
        comments.add_comment(boris, post.id, "let me in")
    with pytest.raises(NotFoundError):
        comments.like_comment(boris, comment.id)
    # and a commenter who blocked me: I do not see their comments
    blocks.block(vera, anna)
    assert comments.comments_page(anna, post.id).items == ()


def test_a_comment_by_someone_who_blocked_me_is_neither_quoted_nor_answered(db, people):
    """Vera blocked Анна: her comment is not on Анна's page, nor its words in
    Boris's reply quoting it, and Анна cannot reply to it or like it by its id."""
    anna, boris, vera = people
    post = posts.create_post(boris, "post")
    hers = comments.add_comment(vera, post.id, "only for friends")
    comments.add_comment(boris, post.id, "agreed", reply_to=hers.id)
    blocks.block(vera, anna)
    reply = comments.comments_page(anna, post.id).items[-1]
    assert reply.text == "agreed" and reply.reply_to.deleted and reply.reply_to.text == ""
    assert comments.comments_page(boris, post.id).items[-1].reply_to.text == "only for friends"
    for act in (lambda: comments.add_comment(anna, post.id, "hm", reply_to=hers.id),
                lambda: comments.like_comment(anna, hers.id)):
        with pytest.raises(NotFoundError):
            act()


def test_likes_are_one_per_person_and_reactions_are_counted(db, people):
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    comment = comments.add_comment(boris, post.id, "nice")
    comments.like_comment(anna, comment.id)
    comments.like_comment(anna, comment.id)
    shown = comments.like_comment(vera, comment.id)
    assert shown.like_count == 2 and shown.liked_by_me
    assert comments.unlike_comment(anna, comment.id).like_count == 1
    heart = reactions.REACTIONS[1]
    reactions.react_to_comment(anna, comment.id, heart)
    seen = reactions.react_to_comment(vera, comment.id, heart)
    assert [(r.emoji, r.count, r.mine) for r in seen.reactions] == [(heart, 2, True)]
    assert [r.user.login for r in reactions.comment_reactors(boris, comment.id)] == [
        "anna", "vera"]
    assert not reactions.react_to_comment(anna, comment.id, heart).reactions[0].mine


def test_a_page_of_comments_costs_the_same_queries_however_long(db, people):
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    first = comments.add_comment(boris, post.id, "q")
    for n in range(25):
        c = comments.add_comment(vera, post.id, f"a{n}", reply_to=first.id)
        reactions.react_to_comment(anna, c.id, reactions.REACTIONS[0])
    with count_queries() as few:
        comments.comments_page(anna, post.id, limit=2)
    with count_queries() as many:
        comments.comments_page(anna, post.id, limit=26)
    assert many.count == few.count <= 4


def test_a_feed_page_shows_comment_counts_without_a_query_per_post(db, people):
    anna, boris, _vera = people
    for n in range(5):
        post = posts.create_post(anna, f"p{n}")
        for _ in range(n):
            comments.add_comment(boris, post.id, "c")
    with count_queries() as counted:
        page = posts.feed_everyone(boris)
    assert [p.comment_count for p in page.items] == [4, 3, 2, 1, 0]
    assert counted.count <= 3


def test_the_posts_author_hears_of_comments_but_not_of_their_own(db, people, request):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    poller = PollThread(anna)  # a connection of its own, as the app's poll thread
    request.addfinalizer(poller.close)
    poller.poll()
    comments.add_comment(anna, post.id, "my own")
    comment = comments.add_comment(boris, post.id, "from boris")
    changes = poller.poll()
    assert [c.id for c in changes.comments_on_mine] == [comment.id]
    assert [(p.id, p.comment_count) for p in changes.changed_posts] == [(post.id, 2)]


def test_an_open_post_gets_its_new_comments_from_the_poll(db, people, request):
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    seen = comments.add_comment(boris, post.id, "seen")
    thread = PollThread(vera)
    request.addfinalizer(thread.close)

    def poll(watched=None):
        return thread._pool.submit(thread.poller.poll, None, watched).result(timeout=30)

    poll()
    assert poll((post.id, seen.id)).watched_comments == ()  # nothing new yet
    fresh = comments.add_comment(boris, post.id, "fresh")
    changes = poll((post.id, seen.id))
    assert [c.id for c in changes.watched_comments] == [fresh.id]
    posts.delete_post(anna, post.id)
    changes = poll((post.id, fresh.id))  # gone: said once, and no error
    assert (changes.gone_post, changes.watched_comments) == (post.id, ())
    assert poll((post.id, fresh.id)) is None


def test_a_deleted_post_takes_its_comments_along(db, people):
    anna, boris, _vera = people
    post = posts.create_post(anna, "post")
    comment = comments.add_comment(boris, post.id, "c")
    comments.like_comment(anna, comment.id)
    posts.delete_post(anna, post.id)
    assert Comment.select().count() == 0
    with pytest.raises(NotFoundError):
        comments.comments_page(anna, post.id)


def test_a_version_4_database_upgrades_to_take_comments_and_reposts(tmp_path, unbind,
                                                                     v4_database):
    """The version-4 fixture (real version-4 tables, posts among them) upgrades:
    every post has a count of 0 and takes comments and reposts."""
    path = tmp_path / "v4.sqlite3"
    shutil.copy(v4_database, path)
    db = open_database(f"sqlite:///{path}", upgrade=False)
    assert "comment_count" not in {c.name for c in db.get_columns("post")}
    close_database()
    try:
        db = open_database(f"sqlite:///{path}")
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        old = Post.select().order_by(Post.id).first()
        assert old.comment_count == 0 and not old.is_repost
        viewer = Post.select(Post.author).where(Post.author != old.author_id).first().author_id
        comments.add_comment(viewer, old.id, "после обновления")
        assert posts.post_view(viewer, old.id).comment_count == 1
        from models import reposts

        shared = reposts.repost(viewer, old.id, "")
        assert shared.original.id == old.id
        posts.delete_post(old.author_id, old.id)  # the added column's ON DELETE SET NULL
        again = posts.post_view(viewer, shared.id)
        assert again.is_repost and again.original is None
        assert Comment.select().count() == 0
        assert migrations.upgrade(db) == (migrations.SCHEMA_VERSION, migrations.SCHEMA_VERSION)
    finally:
        close_database()
        database.initialize(None)


def test_the_poll_reports_changed_counts_of_the_posts_on_screen(db, people, request):
    anna, boris, vera = people
    shown = posts.create_post(anna, "on screen")
    other = posts.create_post(anna, "not on screen")
    thread = PollThread(vera)
    request.addfinalizer(thread.close)

    def poll(cards):
        return thread._pool.submit(thread.poller.poll, None, None, cards).result(timeout=30)

    poll(())
    assert poll((shown.id,)) is None  # learnt, nothing changed
    comments.add_comment(boris, shown.id, "one")
    comments.add_comment(boris, other.id, "elsewhere")
    assert poll((shown.id,)).comment_counts == ((shown.id, 1),)
    comments.add_comment(boris, other.id, "elsewhere again")
    assert poll((shown.id,)) is None


def test_comment_reads_use_indexes_not_full_scans(db, people, query_plans):
    """A page, the live read of an open post and the cards' counts: index searches."""
    anna, boris, vera = people
    post = posts.create_post(anna, "post")
    first = comments.add_comment(boris, post.id, "q")
    comments.add_comment(vera, post.id, "a", reply_to=first.id)
    with query_plans() as plans:
        page = comments.comments_page(anna, post.id, limit=1)
        comments.comments_page(anna, post.id, page.next_cursor, limit=1)
        comments.comments_after(anna, post.id, first.id)
        posts.comment_counts([post.id])
    assert plans.full_scans() == []


def test_the_count_holds_under_comments_from_several_threads_at_once(db, people):
    """Four writers (their own connections) comment on one post at once, and
    delete some: the stored count equals the comments there."""
    from concurrent.futures import ThreadPoolExecutor

    anna, boris, vera = people
    post = posts.create_post(anna, "busy post")

    def write(n: int) -> None:
        try:
            for k in range(6):
                made = comments.add_comment((boris, vera)[n % 2], post.id, f"{n}-{k}")
                if k % 3 == 0:
                    comments.delete_comment(made.author.id, made.id)
        finally:
            database.obj.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, range(4)))
    live = Comment.select().where((Comment.post == post.id) & ~Comment.deleted).count()
    assert live == 16
    assert posts.post_view(anna, post.id).comment_count == 16
