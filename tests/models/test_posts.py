"""Posts, likes and the feeds (following / everyone / a person's page / a community)."""

from __future__ import annotations

import pytest
from playhouse.test_utils import count_queries

from models import clock, posts
from models.errors import NotFoundError, PermissionDeniedError, ValidationError
from models.schema import Community, Friendship, Membership, Post, PostLike
from models.text import search_key
from models.views import Page


@pytest.fixture
def anna(make_user):
    return make_user("anna", "Анна", "Иванова").id


@pytest.fixture
def boris(make_user):
    return make_user("boris", "Борис", "Петров").id


@pytest.fixture
def clara(make_user):
    return make_user("clara", "Clara", "Smith").id


def make_friends(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    Friendship.create(user_lo=lo, user_hi=hi, requester=a, accepted=True, created_at=clock.now())


def make_community(owner: int, name: str, *members: int) -> int:
    c = Community.create(name=name, name_key=search_key(name), owner=owner, created_at=clock.now())
    for user in (owner, *members):
        Membership.create(community=c.id, user=user, joined_at=clock.now())
    return c.id


def texts(page) -> list[str]:
    return [p.text for p in page.items]


# ---------------------------------------------------------------- writing


def test_create_post_shows_author_and_time(anna, frozen_clock):
    """A new post shows its text, its author, the time and no likes."""
    post = posts.create_post(anna, "  Привет, мир!\n  ")
    assert post.text == "Привет, мир!"
    assert post.author.login == "anna" and post.author.full_name == "Анна Иванова"
    assert post.created_at == frozen_clock
    assert (post.like_count, post.liked_by_me) == (0, False)
    assert (post.community_id, post.community_name) == (None, None)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "\x1b\x07"])
def test_empty_post_is_refused(anna, text):
    """A post with nothing to read is refused, pointing at the text box."""
    with pytest.raises(ValidationError) as err:
        posts.create_post(anna, text)
    assert err.value.field == "text"
    assert Post.select().count() == 0


def test_post_length_limit(anna):
    """5000 characters fit; 5001 are refused with the count in the message."""
    assert len(posts.create_post(anna, "я" * 5000).text) == 5000
    with pytest.raises(ValidationError) as err:
        posts.create_post(anna, "я" * 5001)
    assert "5000" in err.value.message and err.value.field == "text"


def test_markup_is_stored_literally(anna):
    """Text that looks like Rich markup is kept as typed, brackets and all."""
    post = posts.create_post(anna, "[bold red]x[/] [@click=app.quit]y[/]")
    assert post.text == "[bold red]x[/] [@click=app.quit]y[/]"
    assert Post.get_by_id(post.id).text == "[bold red]x[/] [@click=app.quit]y[/]"


def test_control_and_bidi_characters_are_stripped(anna):
    """Escape sequences and bidi overrides never reach the database; newlines
    and tabs stay."""
    post = posts.create_post(anna, "a\x1b[31mred\x1b[0m\u202eevil\u2066\r\nline\ttab")
    assert post.text == "a[31mred[0mevil\nline\ttab"
    assert Post.get_by_id(post.id).text == post.text


def test_unknown_author_is_refused(db):
    """A post by a user id that does not exist is refused, not half-written."""
    with pytest.raises(NotFoundError):
        posts.create_post(999, "hello")


def test_community_post_by_member(anna):
    """A member's post in a community carries the community's name."""
    cid = make_community(anna, "Кошки")
    post = posts.create_post(anna, "мяу", community_id=cid)
    assert (post.community_id, post.community_name) == (cid, "Кошки")


def test_community_post_by_non_member_is_refused(anna, boris):
    """Someone outside a community cannot post in it."""
    cid = make_community(anna, "Кошки")
    with pytest.raises(PermissionDeniedError) as err:
        posts.create_post(boris, "мяу", community_id=cid)
    assert "member" in err.value.message
    assert Post.select().count() == 0


def test_post_to_missing_community(anna):
    with pytest.raises(NotFoundError) as err:
        posts.create_post(anna, "мяу", community_id=12345)
    assert err.value.field == "community_id"


def test_delete_own_post_removes_it_and_its_likes(anna, boris):
    """Deleting my post removes it from every list, with its likes."""
    post = posts.create_post(anna, "oops")
    posts.like_post(boris, post.id)
    posts.delete_post(anna, post.id)
    assert posts.feed_everyone(anna).items == ()
    assert PostLike.select().count() == 0


def test_cannot_delete_someone_elses_post(anna, boris):
    """Only the author may delete a post; it stays after a refused attempt."""
    post = posts.create_post(anna, "mine")
    with pytest.raises(PermissionDeniedError):
        posts.delete_post(boris, post.id)
    assert texts(posts.feed_everyone(anna)) == ["mine"]


def test_delete_missing_post(anna):
    with pytest.raises(NotFoundError):
        posts.delete_post(anna, 404)


# ---------------------------------------------------------------- likes


def test_like_and_unlike(anna, boris, clara):
    """Likes count people, each once; un-liking takes mine away."""
    post = posts.create_post(anna, "like me")
    liked = posts.like_post(boris, post.id)
    assert (liked.like_count, liked.liked_by_me) == (1, True)
    again = posts.like_post(boris, post.id)
    assert (again.like_count, again.liked_by_me) == (1, True)
    assert posts.like_post(clara, post.id).like_count == 2
    # Anna sees two likes, none of them hers.
    seen = posts.feed_everyone(anna).items[0]
    assert (seen.like_count, seen.liked_by_me) == (2, False)
    unliked = posts.unlike_post(boris, post.id)
    assert (unliked.like_count, unliked.liked_by_me) == (1, False)
    twice = posts.unlike_post(boris, post.id)
    assert (twice.like_count, twice.liked_by_me) == (1, False)
    assert Post.get_by_id(post.id).like_count == 1


def test_like_missing_post(anna):
    with pytest.raises(NotFoundError):
        posts.like_post(anna, 404)
    with pytest.raises(NotFoundError):
        posts.unlike_post(anna, 404)


# ---------------------------------------------------------------- lists


def test_feed_following_has_mine_friends_and_joined_communities(anna, boris, clara, make_user):
    """My feed shows my posts, my friends' posts and posts in communities I
    joined, newest first; a stranger's posts and pending requests stay out."""
    dora = make_user("dora", "Dora", "Lee").id
    make_friends(anna, boris)
    Friendship.create(user_lo=min(anna, dora), user_hi=max(anna, dora), requester=dora,
                      accepted=False, created_at=clock.now())
    cats = make_community(clara, "Cats", anna)
    dogs = make_community(clara, "Dogs")
    posts.create_post(anna, "mine")
    posts.create_post(boris, "friend's")
    posts.create_post(clara, "stranger's")
    posts.create_post(clara, "in cats", community_id=cats)
    posts.create_post(clara, "in dogs", community_id=dogs)
    posts.create_post(dora, "asked me")
    assert texts(posts.feed_following(anna)) == ["in cats", "friend's", "mine"]
    # Friendship works both ways.
    assert texts(posts.feed_following(boris)) == ["friend's", "mine"]


def test_feed_following_of_a_loner(anna, boris):
    """With no friends and no communities my feed is my own posts."""
    posts.create_post(boris, "hers")
    assert posts.feed_following(anna).items == ()
    posts.create_post(anna, "mine")
    assert texts(posts.feed_following(anna)) == ["mine"]


def test_a_friends_post_in_my_community_is_in_the_feed_once(anna, boris, clara):
    """A post that is both a friend's and in a community I joined (as are my
    own posts there) shows once, and every page is still full: scrolled by
    tens, 25 such posts and 5 of a community's other member come each once,
    newest first (the page is read from both sources and made distinct)."""
    make_friends(anna, boris)
    cats = make_community(clara, "Cats", anna, boris)
    written = []
    for i in range(30):
        author = clara if i % 6 == 5 else (anna if i % 5 == 0 else boris)
        written.append(posts.create_post(author, f"p{i}", community_id=cats).text)
    seen, cursor, sizes = [], None, []
    while True:
        page = posts.feed_following(anna, cursor, 10)
        sizes.append(len(page.items))
        seen += texts(page)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == written[::-1]
    assert sizes == [10, 10, 10]


def test_feed_everyone_newest_first(anna, boris):
    posts.create_post(anna, "first")
    posts.create_post(boris, "second")
    page = posts.feed_everyone(anna)
    assert texts(page) == ["second", "first"] and page.next_cursor is None


def test_posts_by_author(anna, boris):
    """A person's page shows their posts only, including community ones."""
    cid = make_community(anna, "Кошки")
    posts.create_post(anna, "one")
    posts.create_post(boris, "other")
    posts.create_post(anna, "two", community_id=cid)
    assert texts(posts.posts_by_author(boris, anna)) == ["two", "one"]
    assert posts.posts_by_author(anna, 999).items == ()


def test_community_posts(anna, boris):
    """A community page shows its posts only; anyone can read it."""
    cid = make_community(anna, "Кошки", boris)
    posts.create_post(anna, "outside")
    posts.create_post(boris, "inside", community_id=cid)
    assert texts(posts.community_posts(anna, cid)) == ["inside"]
    with pytest.raises(NotFoundError):
        posts.community_posts(anna, 999)
    with pytest.raises(NotFoundError):  # a cursor does not make it exist
        posts.community_posts(anna, 999, cursor=10**6)
    quiet = make_community(boris, "Тишина")
    assert posts.community_posts(anna, quiet) == Page(items=(), next_cursor=None)
    page = posts.community_posts(anna, cid, limit=1)
    assert page.next_cursor is None and texts(page) == ["inside"]
    assert posts.community_posts(anna, cid, cursor=page.items[0].id).items == ()


@pytest.mark.parametrize("feed", ["feed_everyone", "feed_following", "posts_by_author"])
def test_paging_returns_every_post_once(anna, boris, feed):
    """Scrolling a feed to the end shows every post once, newest first, even
    while new posts arrive at the top."""
    make_friends(anna, boris)
    for i in range(25):
        posts.create_post(anna, f"p{i}")
    if feed == "posts_by_author":
        def fetch(cursor=None, limit=20):
            return posts.posts_by_author(boris, anna, cursor, limit)
    else:
        def fetch(cursor=None, limit=20):
            return getattr(posts, feed)(anna, cursor, limit)

    first = fetch(limit=10)
    posts.create_post(anna, "newer")  # must not shift the pages that follow
    items = list(first.items)
    cursor = first.next_cursor
    while cursor is not None:
        page = fetch(cursor=cursor, limit=10)
        items.extend(page.items)
        cursor = page.next_cursor
    assert [p.text for p in items] == [f"p{i}" for i in reversed(range(25))]


def test_bad_cursor_and_limit(anna):
    with pytest.raises(ValidationError) as err:
        posts.feed_everyone(anna, cursor="next")
    assert err.value.field == "cursor"
    with pytest.raises(ValidationError) as err:
        posts.feed_everyone(anna, limit=0)
    assert err.value.field == "limit"


def test_a_page_costs_a_constant_number_of_queries(anna, make_user):
    """A page of 20 posts by 20 people, some in communities, some liked, is
    loaded in as many queries as a page of one (no query per post): the posts,
    and their reactions and attachments in one more (on PostgreSQL each
    statement is a round trip: a screen loads in two, issue 17)."""
    authors = [make_user(f"u{i}", f"Имя{i}", f"Фамилия{i}").id for i in range(20)]
    cid = make_community(anna, "Кошки", *authors)
    for i, author in enumerate(authors):
        post = posts.create_post(author, f"post {i}", community_id=cid if i % 2 else None)
        if i % 3 == 0:
            posts.like_post(anna, post.id)

    def cost(fn, *args):
        with count_queries() as counter:
            page = fn(*args)
        return counter.count, page

    one, page1 = cost(posts.feed_everyone, anna, None, 1)
    twenty, page20 = cost(posts.feed_everyone, anna, None, 20)
    assert len(page1.items) == 1 and len(page20.items) == 20
    assert one == twenty == 2
    assert {p.author.id for p in page20.items} == set(authors)
    assert sum(p.liked_by_me for p in page20.items) == 7
    assert {p.community_name for p in page20.items} == {None, "Кошки"}
    for fn, args in [
        (posts.feed_following, (anna, None, 20)),
        (posts.posts_by_author, (anna, authors[0], None, 20)),
    ]:
        assert cost(fn, *args)[0] == 2
    assert cost(posts.community_posts, anna, cid, None, 20)[0] == 2  # the page says it exists


def test_feeds_use_indexes(anna, boris, query_plans):
    """A person's page and the everyone feed are index range scans, first
    page and later pages alike."""
    make_friends(anna, boris)
    for i in range(5):
        posts.create_post(anna if i % 2 else boris, f"p{i}")
    with query_plans() as plans:
        page = posts.posts_by_author(boris, anna, limit=1)
        posts.posts_by_author(boris, anna, cursor=page.next_cursor, limit=1)
        page = posts.feed_everyone(anna, limit=2)
        posts.feed_everyone(anna, cursor=page.next_cursor, limit=2)
        posts.feed_following(anna, limit=2)
    assert len(plans.queries) == 10  # each page, and its reactions and attachments
    assert plans.full_scans() == []
