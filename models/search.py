"""Full-text search of everything a person may read: messages of their own
conversations, posts, and — by name, through their own searches — people,
communities and tracks.

A query is parsed by ``search_query``; the engine matches it (FTS5 on SQLite,
tsvector on PostgreSQL: ``search_sql``) and each result carries a snippet with
highlight offsets (``snippets``). Results are newest first and paged by id.

Who sees what: a message is found only by a member of its conversation (a
``dialog_member`` row of the searcher; in a group only between the lines that
added and removed them) and never once deleted; its old text
after an edit is gone from the index. Posts are found as the Everyone feed
shows them: by everyone but those their author blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from . import attachments, communities, people, search_sql, tracks
from .db import reads
from .errors import ValidationError
from .gather import gather
from .schema import Community, Dialog, DialogMember, User
from .search_query import SearchQuery, parse_query
from .snippets import Snippet, snippet
from .text import identity_key, search_key
from .views import CommunityView, Page, UserRef

PAGE = 20
MAX_PAGE = 100
_NO_CURSOR = 2**63 - 1


@dataclass(frozen=True, slots=True)
class MessageHit:
    """A found message: where (the dialog and its other person, or the group
    and its title), who wrote it, when, and the snippet to show."""

    message_id: int
    dialog_id: int
    seq: int
    sender: UserRef
    peer: UserRef | None  # the other person of a dialog (oneself in saved notes); None: a group
    created_at: datetime
    snippet: Snippet
    group_title: str | None = None  # the group's title; None: a dialog

    @property
    def is_group(self) -> bool:
        return self.peer is None

    @property
    def where(self) -> str:
        """Where it was written: the group's title or the other person's name."""
        return (self.group_title or "") if self.peer is None else self.peer.full_name


@dataclass(frozen=True, slots=True)
class PostHit:
    post_id: int
    author: UserRef
    community_id: int | None
    community_name: str | None
    created_at: datetime
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The first page of every section, and the query as understood."""

    query: SearchQuery
    messages: Page[MessageHit]
    posts: Page[PostHit]
    people: Page[UserRef]
    communities: Page[CommunityView]
    tracks: Page  # of tracks.TrackView
    comments: Page = Page(items=(), next_cursor=None)  # comment_search.CommentHit (schema 12)

    def section(self, name: str) -> Page:
        """The page of the section ``name`` (``SECTIONS``)."""
        return {MESSAGES: self.messages, POSTS: self.posts, COMMENTS: self.comments,
                PEOPLE: self.people, COMMUNITIES: self.communities, MUSIC: self.tracks}[name]


EMPTY = Page(items=(), next_cursor=None)


def as_query(query: str | SearchQuery) -> SearchQuery:
    if isinstance(query, SearchQuery):
        return query
    if not isinstance(query, str):
        raise ValidationError("Type what to search for.", field="query")
    return parse_query(query)


def _limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValidationError("The page size must be a positive whole number.", field="limit")
    return min(limit, MAX_PAGE)


def _cursor(cursor: object) -> int:
    if cursor is None:
        return _NO_CURSOR
    if isinstance(cursor, int) and not isinstance(cursor, bool):
        return cursor
    raise ValidationError("This page marker is not one this list gave out.", field="cursor")


NOBODY = -1  # an id no row has: a filter naming nobody finds nothing


def author_of(parsed: SearchQuery) -> int | None:
    """The user id ``from:`` names; ``None`` without ``from:``, ``NOBODY`` when
    no one has that login."""
    if not parsed.from_login:
        return None
    row = (User.select(User.id).where(User.login_key == identity_key(parsed.from_login))
           .tuples().first())
    return row[0] if row else NOBODY


def _my_dialog_named(user_id: int, name: str) -> int | None:
    """My conversation that ``in:name`` means: the dialog with the person of
    that login, else my group of that title (case, ё/е and accents aside; the
    newest such group when several share it). Groups I was removed from count:
    I still read them up to my removal."""
    peer = author_of(SearchQuery(from_login=name.removeprefix("@")))  # in:@anna, as from:@anna
    row = (
        DialogMember.select(DialogMember.dialog)
        .where((DialogMember.user == user_id) & (DialogMember.peer == peer))
        .tuples()
        .first()
    )
    if row:
        return row[0]
    wanted = search_key(name)
    groups = (
        Dialog.select(Dialog.id, Dialog.title)
        .join(DialogMember, on=(DialogMember.dialog == Dialog.id))
        .where((DialogMember.user == user_id) & Dialog.title.is_null(False))
        .order_by(Dialog.id.desc())
        .tuples()
    )
    return next((gid for gid, title in groups if search_key(title) == wanted), None)


def ref_at(row: tuple, at: int) -> UserRef | None:
    if row[at] is None:  # a LEFT JOIN that found no one
        return None
    return UserRef(id=row[at], login=row[at + 1], first_name=row[at + 2],
                   last_name=row[at + 3], avatar_id=row[at + 4])


def as_datetime(value) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _page(rows: list[tuple], limit: int, make) -> Page:
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(items=tuple(make(row) for row in rows), next_cursor=rows[-1][0] if more else None)


def _described(page: Page, load, key: str) -> Page:
    """``page`` with the hits of no text (found by ``has:image`` / ``has:track``)
    saying what they carry ("🖼 Picture", models/message_views.py); their
    attachments read by ``load`` in one query, only when there are such hits."""
    from dataclasses import replace

    from .message_views import attachment_preview

    bare = [getattr(hit, key) for hit in page.items if not hit.snippet.text]
    if not bare:
        return page
    found = load(bare)
    items = tuple(
        replace(hit, snippet=Snippet(attachment_preview(found.get(getattr(hit, key), ())), ()))
        if not hit.snippet.text else hit
        for hit in page.items
    )
    return Page(items=items, next_cursor=page.next_cursor)


# ---------------------------------------------------------------- messages

@reads
def search_messages(
    user_id: int, query: str | SearchQuery, cursor: object = None, limit: int = PAGE,
    *, dialog_id: int | None = None,
) -> Page[MessageHit]:
    """Messages of my conversations matching ``query``, newest first;
    ``dialog_id`` keeps one conversation (which must be mine)."""
    parsed = as_query(query)
    limit = _limit(limit)
    before = _cursor(cursor)
    if parsed.is_empty:
        return EMPTY
    if parsed.in_name:
        named = _my_dialog_named(user_id, parsed.in_name)
        if named is None or (dialog_id is not None and named != dialog_id):
            return EMPTY
        dialog_id = named
    rows = search_sql.message_rows(
        user_id, parsed, before=before, limit=limit + 1, dialog_id=dialog_id,
        sender_id=author_of(parsed),
    )
    terms = parsed.highlight_terms
    page = _page(rows, limit, lambda row: message_hit(row, terms))
    return _described(page, attachments.message_attachments, "message_id")


def message_hit(row: tuple, terms: tuple[tuple[str, ...], ...]) -> MessageHit:
    """A ``MessageHit`` of a ``search_sql.message_rows`` row, ``terms`` highlighted."""
    return MessageHit(
        message_id=row[0], dialog_id=row[1], seq=row[2], created_at=as_datetime(row[4]),
        sender=ref_at(row, 5), peer=ref_at(row, 10), snippet=snippet(row[3], terms),
        group_title=row[15],
    )


# ---------------------------------------------------------------- posts

@reads
def search_posts(
    user_id: int, query: str | SearchQuery, cursor: object = None, limit: int = PAGE
) -> Page[PostHit]:
    """Posts matching ``query`` that ``user_id`` may read (not those of people
    who blocked them), newest first. ``from:login`` keeps one author;
    ``in:name`` keeps one community's posts."""
    parsed = as_query(query)
    limit = _limit(limit)
    before = _cursor(cursor)
    if not (parsed.has_text or parsed.has):
        return EMPTY
    community = None
    if parsed.in_name:
        row = (Community.select(Community.id)
               .where(Community.name_key == identity_key(parsed.in_name)).tuples().first())
        community = row[0] if row else NOBODY
    rows = search_sql.post_rows(user_id, parsed, before=before, limit=limit + 1,
                                author_id=author_of(parsed), community_id=community)
    terms = parsed.highlight_terms

    def hit(row: tuple) -> PostHit:
        return PostHit(post_id=row[0], community_id=row[1], community_name=row[2],
                       created_at=as_datetime(row[4]), author=ref_at(row, 5),
                       snippet=snippet(row[3], terms))

    return _described(_page(rows, limit, hit), attachments.post_attachments, "post_id")


# ---------------------------------------------------------------- everything

MESSAGES, POSTS, PEOPLE, COMMUNITIES, MUSIC = "messages", "posts", "people", "communities", "music"
COMMENTS = "comments"
SECTIONS = (MESSAGES, POSTS, COMMENTS, PEOPLE, COMMUNITIES, MUSIC)
FIRST = 5  # results of each section on the first page of everything


def _name_query(parsed: SearchQuery) -> str:
    """What the name searches look for: the query's words and phrases, when
    the query has no filter (names have no author, place or date)."""
    if parsed.from_login or parsed.in_name or parsed.before or parsed.after or parsed.has \
            or parsed.excluded:
        return ""
    return " ".join([*parsed.words, *(" ".join(phrase) for phrase in parsed.phrases)])


def _music(user_id: int, names: str, cursor: object, limit: int) -> Page:
    """Tracks by name, paged by how many came before (the catalogue's order is
    by title; its search has no keyset)."""
    if cursor is not None and (not isinstance(cursor, int) or isinstance(cursor, bool)
                               or cursor < 0):
        raise ValidationError("This page marker is not one this list gave out.", field="cursor")
    start = cursor or 0
    if not names or start >= tracks.MAX_RESULTS:
        return EMPTY
    found = tracks.search_tracks(user_id, names, limit=min(start + limit + 1, tracks.MAX_RESULTS))
    items = tuple(found[start:start + limit])
    more = len(found) > start + limit
    return Page(items=items, next_cursor=start + limit if more else None)


@reads
def search_section(user_id: int, section: str, query: str | SearchQuery, cursor: object = None,
                   limit: int = PAGE) -> Page:
    """One page of one section (``SECTIONS``) for ``query``; ``cursor`` is the
    ``next_cursor`` of the page before. People, communities and tracks are
    found by name, as their own screens find them, and only by a query without
    filters."""
    parsed = as_query(query)
    limit = _limit(limit)
    if section == MESSAGES:
        return search_messages(user_id, parsed, cursor, limit)
    if section == POSTS:
        return search_posts(user_id, parsed, cursor, limit)
    if section == COMMENTS:
        return _comments(user_id, parsed, cursor, limit)
    names = _name_query(parsed)
    if section == MUSIC:
        return _music(user_id, names, cursor, limit)
    if section not in SECTIONS:
        raise ValidationError("There is no such section of the search.", field="section")
    if not names:
        return EMPTY
    if section == PEOPLE:
        return people.search_users(names, cursor, limit=limit)
    return communities.all_communities(user_id, names, cursor, limit=limit)


def _comments(user_id: int, parsed: SearchQuery, cursor: object, limit: int) -> Page:
    from .comment_search import search_comments  # it builds on this module

    return search_comments(user_id, parsed, cursor, limit=limit)


@reads
def search_everything(user_id: int, query: str, limit: int = FIRST) -> SearchResults:
    """The first page of each section for ``query``: messages, posts, comments,
    people, communities and tracks (each section pages on with ``search_section``).
    On PostgreSQL the sections' statements go in one round trip (``gather``)."""
    parsed = as_query(query)
    pages = gather({section: partial(search_section, user_id, section, parsed, None, limit)
                    for section in SECTIONS})
    return SearchResults(query=parsed, messages=pages[MESSAGES], posts=pages[POSTS],
                         people=pages[PEOPLE], communities=pages[COMMUNITIES],
                         tracks=pages[MUSIC], comments=pages[COMMENTS])
