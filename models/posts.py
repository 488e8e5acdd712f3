"""Posts, likes and the feeds.

Every list is newest first and paged by post id: ``cursor`` is the id of the
last post seen, and a page is one query (post, author, community and whether I
liked it, joined), so a screen of twenty posts costs the same as a screen of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from peewee import JOIN, SQL, Select, fn

from . import attachments as attachments_module
from . import blocks, clock, post_drafts, text
from .attachments import AttachmentSpec
from .db import is_sqlite, reads, writes
from .errors import NotFoundError, PermissionDeniedError, ValidationError, msg_template
from .gather import gather
from .page_extras import ids_of, page_extras
from .people import check_limit, require_user, user_ref_columns, user_ref_from
from .prepared import Prepared
from .reposted import original_rows
from .schema import Community, Friendship, Membership, Post, PostLike, User
from .views import Page, PostView

MAX_POST_LENGTH = 5000

# SQLite calls a LIMITed walk down the rowid "SCAN post" even though it stops
# after one page; an explicit upper bound makes the first page the same range
# search as the later ones (and the query-plan tests can tell real scans apart).
_NO_CURSOR = 2**63 - 1


def clean_post_text(value: str, *, optional: bool = False) -> str:
    """The cleaned text; ``optional``: it may be empty (a post with attachments,
    a repost's comment)."""
    return text.written_text(
        value, limit=MAX_POST_LENGTH, may_be_empty=optional,
        empty=msg_template("Write some text for the post."),
        too_long=msg_template("A post holds at most {limit} characters; this one has {length}."),
    )


def _post_cursor(cursor: object) -> int:
    if cursor is None:
        return _NO_CURSOR
    if isinstance(cursor, int) and not isinstance(cursor, bool):
        return cursor
    raise ValidationError("This page marker is not one this list gave out.", field="cursor")


def _view_columns(post, author, community, like, prefix: str = "") -> tuple:
    """The columns ``_post_view`` reads: of ``post`` (Post or an alias) and the
    author, community and viewer's like joined to it, named with ``prefix``."""
    return (
        post.id.alias(f"{prefix}id"),
        post.community.alias(f"{prefix}community_id"),
        post.text.alias(f"{prefix}text"),
        post.created_at.alias(f"{prefix}created_at"),
        post.like_count.alias(f"{prefix}like_count"),
        post.comment_count.alias(f"{prefix}comment_count"),
        post.is_repost.alias(f"{prefix}is_repost"),
        *user_ref_columns(author, f"{prefix}author_"),
        community.name.alias(f"{prefix}community_name"),
        like.id.alias(f"{prefix}my_like_id"),
    )


def _post_query(viewer_id: int, among=None):
    """Posts with their author, community name and the viewer's like, in one
    SELECT; never the posts of people who blocked the viewer (models/blocks.py).
    ``among``: a query of post ids, the first table joined (the planner keeps
    that order when a statement joins more tables than it reorders, as
    ``_with_originals`` makes it)."""
    my_like = PostLike.alias("my_like")
    query = Post.select(*_view_columns(Post, User, Community, my_like),
                        Post.repost_of.alias("repost_of_id"))
    if among is not None:
        among = among.alias("among")
        query = query.join(among, on=(Post.id == among.c.id)).switch(Post)
    return (
        query
        .join(User, on=(Post.author == User.id))
        .switch(Post)
        .join(Community, JOIN.LEFT_OUTER, on=(Post.community == Community.id))
        .switch(Post)
        .join(
            my_like,
            JOIN.LEFT_OUTER,
            on=((my_like.post == Post.id) & (my_like.user == viewer_id)),
        )
        .where(blocks.not_blocked_by_author(Post.author, viewer_id))
        .dicts()
    )


_ORIGINAL = "original_"  # the prefix of ``_with_originals``' columns


def _with_originals(query, viewer_id: int):
    """``_post_query`` with each repost's original in the same row: its columns
    prefixed ``original_``, NULL where the post is no repost, its original is
    gone or the original's author blocked the viewer (as ``original_rows``).

    The feeds' pages use it: the originals then come with the page instead of
    beside its extras through ``gather``'s JSON (PostgreSQL, issue 17), and
    both of the page's statements are prepared."""
    original = Post.alias("original")
    original_author = User.alias("original_author")
    original_community = Community.alias("original_community")
    original_like = PostLike.alias("original_like")
    return (
        query.select_extend(*_view_columns(original, original_author, original_community,
                                           original_like, _ORIGINAL))
        .switch(Post)
        .join(original, JOIN.LEFT_OUTER,
              on=((original.id == Post.repost_of)
                  & blocks.not_blocked_by_author(original.author, viewer_id)))
        .join(original_author, JOIN.LEFT_OUTER, on=(original_author.id == original.author))
        .switch(original)
        .join(original_community, JOIN.LEFT_OUTER,
              on=(original_community.id == original.community))
        .switch(original)
        .join(original_like, JOIN.LEFT_OUTER,
              on=((original_like.post == original.id) & (original_like.user == viewer_id)))
    )


def _originals_in(rows: list[dict]) -> list[dict]:
    """The originals ``_with_originals`` put in ``rows``, as ``_post_query`` dicts."""
    cut = len(_ORIGINAL)
    return [{key[cut:]: value for key, value in row.items() if key.startswith(_ORIGINAL)}
            for row in rows if row[f"{_ORIGINAL}id"] is not None]


def _post_views(rows: list[dict], viewer_id: int) -> tuple[PostView, ...]:
    """Views of ``_post_query`` rows, their reactions and attachments (and the
    originals' of reposts) from one more statement, and reposts' originals
    beside it (``gather``: the same round trip on PostgreSQL, issue 17), unless
    the rows hold them (``_with_originals``)."""
    ids = [row["id"] for row in rows]
    if rows and f"{_ORIGINAL}id" in rows[0]:
        shared = _originals_in(rows)
        shared_ids = ids_of(row["id"] for row in shared)
    else:
        shared, shared_ids = None, ids_of(row["repost_of_id"] for row in rows)
    extras = partial(page_extras, viewer_id, reactions=("post_id", ids),
                     attachments=("post_id", [*ids, *shared_ids]))
    if shared is None and shared_ids:
        found = gather({"shared": partial(original_rows, shared_ids, viewer_id),
                        "extras": extras})
        shared, extras = found["shared"], found["extras"]
    else:
        shared, extras = shared or [], extras()
    originals = {row["id"]: _post_view(row, (), extras.attachments.get(row["id"], ()))
                 for row in shared}
    return tuple(
        _post_view(row, extras.reactions.get(row["id"], ()),
                   extras.attachments.get(row["id"], ()), originals.get(row["repost_of_id"]))
        for row in rows
    )


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


def _page(query, viewer_id: int, cursor: object, limit: int) -> Page[PostView]:
    limit = check_limit(limit)
    before = _post_cursor(cursor)
    rows = list(query.where(Post.id < before).order_by(Post.id.desc()).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        items=_post_views(rows, viewer_id),
        next_cursor=rows[-1]["id"] if more else None,
    )


def _one(viewer_id: int, post_id: int) -> PostView:
    row = _post_query(viewer_id).where(Post.id == post_id).first()
    if row is None:
        raise NotFoundError("That post does not exist (it may have been deleted).", field="post_id")
    return _post_views([row], viewer_id)[0]


def post_view(viewer_id: int, post_id: int) -> PostView:
    """One post as ``viewer_id`` sees it (inside the caller's read or write)."""
    return _one(viewer_id, post_id)


@reads
def comment_counts(post_ids) -> list[tuple[int, int]]:
    """(post id, comment count) of these posts (live: the counts on the cards shown)."""
    ids = sorted({i for i in post_ids if isinstance(i, int) and not isinstance(i, bool)})
    if not ids:
        return []
    return list(Post.select(Post.id, Post.comment_count).where(Post.id.in_(ids)).tuples())


@reads
def posts_by_id(viewer_id: int, post_ids) -> list[PostView]:
    """These posts as they are now, oldest first (live: reactions on my posts);
    deleted ones are left out."""
    ids = sorted({i for i in post_ids if isinstance(i, int) and not isinstance(i, bool)})
    if not ids:
        return []
    rows = list(_post_query(viewer_id).where(Post.id.in_(ids)).order_by(Post.id))
    return list(_post_views(rows, viewer_id))


def require_member(user_id: int, community_id: int) -> None:
    if not Community.select(Community.id).where(Community.id == community_id).exists():
        raise NotFoundError("That community does not exist.", field="community_id")
    is_member = (
        Membership.select(Membership.id)
        .where((Membership.community == community_id) & (Membership.user == user_id))
        .exists()
    )
    if not is_member:
        raise PermissionDeniedError(
            "Only members can post in this community. Join it first.", field="community_id"
        )


@writes
def create_post(user_id: int, text: str, community_id: int | None = None,
                attachments: Sequence[AttachmentSpec] = ()) -> PostView:
    """Publish a post (on my page, or in a community I am a member of).

    ``attachments``: up to ten prepared pictures and/or track ids, stored in
    the same transaction (models/attachments.py); with any, ``text`` may be empty.
    """
    items = attachments_module.check_attachments(attachments)
    cleaned = clean_post_text(text, optional=bool(items))
    require_user(user_id)
    if community_id is not None:
        require_member(user_id, community_id)
    post = Post.create(
        author=user_id,
        community=community_id,
        text=cleaned,
        created_at=clock.now(),
        like_count=0,
    )
    attachments_module.attach(items, post_id=post.id)
    if community_id is None:
        post_drafts.clear_sent_post_draft(
            user_id, (post_drafts.POST, post_drafts.WALL), 0, text)
    else:
        post_drafts.clear_sent_post_draft(user_id, (post_drafts.COMMUNITY,), community_id, text)
    return _one(user_id, post.id)


@writes
def delete_post(user_id: int, post_id: int) -> None:
    """Delete my own post for good; its likes go with it."""
    row = Post.select(Post.id, Post.author).where(Post.id == post_id).first()
    if row is None:
        raise NotFoundError("That post does not exist (it may have been deleted).", field="post_id")
    if row.author_id != user_id:
        raise PermissionDeniedError("You can delete only your own posts.", field="post_id")
    pictures = attachments_module.pictures_of_posts(Post.id == post_id)
    Post.delete().where(Post.id == post_id).execute()  # its attachments go with it
    attachments_module.sweep_media(pictures)


def _recount_likes(post_id: int) -> None:
    if not is_sqlite():
        # PostgreSQL: wait for other likers of this post to commit, so the count
        # below (a new snapshot) sees their likes; otherwise two likes at once
        # could each store a count of one. SQLite's IMMEDIATE writes are serial.
        Post.select(Post.id).where(Post.id == post_id).for_update().execute()
    count = PostLike.select(fn.COUNT(PostLike.id)).where(PostLike.post == post_id)
    Post.update(like_count=count).where(Post.id == post_id).execute()


def _require_post(post_id: int) -> None:
    if not Post.select(Post.id).where(Post.id == post_id).exists():
        raise NotFoundError("That post does not exist (it may have been deleted).", field="post_id")


@writes
def like_post(user_id: int, post_id: int) -> PostView:
    """Like a post; liking it again changes nothing."""
    _require_post(post_id)
    require_user(user_id)
    PostLike.insert(post=post_id, user=user_id, created_at=clock.now()).on_conflict_ignore().execute()
    # Count rather than +1: a repeated or concurrent like can never drift the counter.
    _recount_likes(post_id)
    return _one(user_id, post_id)


@writes
def unlike_post(user_id: int, post_id: int) -> PostView:
    """Take my like back; un-liking a post I do not like changes nothing."""
    _require_post(post_id)
    PostLike.delete().where((PostLike.post == post_id) & (PostLike.user == user_id)).execute()
    _recount_likes(post_id)
    return _one(user_id, post_id)


@reads
def posts_by_author(
    viewer_id: int, author_id: int, cursor: object = None, limit: int = 20
) -> Page[PostView]:
    """One person's posts (on their page and in communities), newest first."""
    return _page(_post_query(viewer_id).where(Post.author == author_id), viewer_id, cursor, limit)


def _following_condition(user_id):
    """Posts of the Following feed: mine, my friends' and those in communities I joined."""
    friends_hi = Friendship.select(Friendship.user_hi).where(
        (Friendship.user_lo == user_id) & Friendship.accepted
    )
    friends_lo = Friendship.select(Friendship.user_lo).where(
        (Friendship.user_hi == user_id) & Friendship.accepted
    )
    my_communities = Membership.select(Membership.community).where(Membership.user == user_id)
    return (
        (Post.author == user_id)
        | Post.author.in_(friends_hi)
        | Post.author.in_(friends_lo)
        | Post.community.in_(my_communities)
    )


def _following_page_ids(user_id, before, limit, cut):
    """The ids of one page of the Following feed, read from indexes alone.

    Three branches, each answered from its own index without reading a post:
    by author (me and my friends, less anyone who blocked me: the (author,
    id) index holds the author) and by community (the (community, id)
    index), the latter in two: when nobody blocked me at all (the common
    case) it never needs a post's author, and when somebody did, each post's
    author is read to leave theirs out. Each of the two carries its one-time
    condition on ``block``, so a backend runs only one of them and the other
    stops at that check: SQLite evaluates a condition on no table's column
    once before its loop, PostgreSQL as a one-time filter. (In one branch
    with an OR of both, PostgreSQL read every post of my communities to have
    the author at hand, 500 pages a page of the feed at scale 1; SQLite
    short-circuited it. One OR of all four sources made SQLite read each of
    the ~1 200 posts a person follows to check the author: bench/README.md,
    feed: 1.2 → 0.7 ms at scale 1.)

    The branches are joined with ``UNION ALL``, cut to ``cut`` rows (twice
    the page), then made distinct: a post is in at most two of them (its
    author's and its community's), so that many hold a page of distinct
    posts, and no hash of every followed post (~1 200 at scale 1) is built
    to drop duplicates.
    """
    authors = (
        User.select(User.id).where(User.id == user_id)
        | Friendship.select(Friendship.user_hi).where(
            (Friendship.user_lo == user_id) & Friendship.accepted)
        | Friendship.select(Friendship.user_lo).where(
            (Friendship.user_hi == user_id) & Friendship.accepted)
    )
    by_author = Post.select(Post.id).where(
        Post.author.in_(authors)
        & blocks.not_blocked_by_author(Post.author, user_id)
        & (Post.id < before)
    )
    somebody_blocked_me = fn.EXISTS(blocks.blockers_of(user_id))
    my_communities = Membership.select(Membership.community).where(Membership.user == user_id)
    in_my_communities = Post.select(Post.id).where(
        ~somebody_blocked_me & Post.community.in_(my_communities) & (Post.id < before)
    )
    in_my_communities_blocked = Post.select(Post.id).where(
        somebody_blocked_me
        & Post.community.in_(my_communities)
        & (Post.id < before)
        & blocks.not_blocked_by_author(Post.author, user_id)
    )
    found = (
        (by_author + in_my_communities + in_my_communities_blocked)
        .order_by(SQL("1 DESC")).limit(cut)
    ).alias("found")
    return (
        Select([found], [found.c.id]).distinct().order_by(found.c.id.desc()).limit(limit)
    )


def _following_query(user_id, before, limit, cut):
    """My posts, my friends' posts and posts in communities I joined: one page
    (``cut``: two pages' size, as a value of its own for ``Prepared``)."""
    # The page's ids first (from indexes); only those few posts are then read
    # and joined with their authors.
    return (
        _with_originals(_post_query(user_id, _following_page_ids(user_id, before, limit, cut)),
                        user_id)
        .where(Post.id < before)
        .order_by(Post.id.desc())
        .limit(limit)
    )


# Their SQL is built once (models/prepared.py): building it cost more than running it.
_FOLLOWING = Prepared(_following_query, 4, one_plan=True)
_EVERYONE = Prepared(
    lambda user_id, before, limit: _with_originals(_post_query(user_id), user_id)
    .where(Post.id < before)
    .order_by(Post.id.desc())
    .limit(limit),
    3,
    one_plan=True,
)


def _prepared_page(prepared: Prepared, user_id: int, cursor: object, limit: int,
                   twice: bool = False) -> Page[PostView]:
    limit = check_limit(limit)
    wanted = (limit + 1, 2 * (limit + 1)) if twice else (limit + 1,)
    rows = prepared.dicts(user_id, _post_cursor(cursor), *wanted)
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        items=_post_views(rows, user_id),
        next_cursor=rows[-1]["id"] if more else None,
    )


@reads
def feed_following(user_id: int, cursor: object = None, limit: int = 20) -> Page[PostView]:
    """My posts, my friends' posts and posts in communities I joined, newest first."""
    return _prepared_page(_FOLLOWING, user_id, cursor, limit, twice=True)


@reads
def feed_everyone(user_id: int, cursor: object = None, limit: int = 20) -> Page[PostView]:
    """Every post by everyone, newest first."""
    return _prepared_page(_EVERYONE, user_id, cursor, limit)


@reads
def newer_post_count(
    user_id: int, after_post_id: int, *, everyone: bool = False, cap: int = 100
) -> int:
    """How many posts of my Following feed (or of everyone's) are newer than
    ``after_post_id``, counting at most ``cap`` (live polling: the "new posts" bar)."""
    if not isinstance(after_post_id, int) or isinstance(after_post_id, bool) or after_post_id < 0:
        raise ValidationError("The newest post shown must be a post id.", field="after_post_id")
    condition = (Post.id > after_post_id) & blocks.not_blocked_by_author(Post.author, user_id)
    if not everyone:
        condition = condition & _following_condition(user_id)
    return Post.select(Post.id).where(condition).limit(check_limit(cap)).count()


@reads
def community_posts(
    viewer_id: int, community_id: int, cursor: object = None, limit: int = 20
) -> Page[PostView]:
    """A community's posts, newest first (anyone may read them).

    Two statements, the page and its extras (issue 17: a round trip each on
    PostgreSQL); only an empty page asks whether the community is there at all."""
    page = _page(
        _post_query(viewer_id).where(Post.community == community_id), viewer_id, cursor, limit
    )
    if not page.items and not (
        Community.select(Community.id).where(Community.id == community_id).exists()
    ):
        raise NotFoundError("That community does not exist.", field="community_id")
    return page
