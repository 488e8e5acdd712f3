"""Full-text search of everything a person may read: messages of their own
conversations, posts, and — by name, through their own searches — people,
communities and tracks.

A query is parsed by ``search_query``; the engine matches it (FTS5 on SQLite,
tsvector on PostgreSQL: ``search_sql``) and each result carries a snippet with
highlight offsets (``snippets``). Results are newest first and paged by id.

Who sees what: a message is found only by a member of its conversation (a
``dialog_member`` row of the searcher) and never once deleted; its old text
after an edit is gone from the index. Posts are found by everyone, as the
Everyone feed shows them (``_visible_posts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import communities, people, search_sql, tracks
from .db import reads
from .errors import ValidationError
from .schema import Community, DialogMember, User
from .search_query import SearchQuery, parse_query
from .snippets import Snippet, snippet
from .text import identity_key
from .views import CommunityView, Page, UserRef

PAGE = 20
MAX_PAGE = 100
_NO_CURSOR = 2**63 - 1


@dataclass(frozen=True, slots=True)
class MessageHit:
    """A found message: where (the dialog, and the other person of a dialog),
    who wrote it, when, and the snippet to show."""

    message_id: int
    dialog_id: int
    seq: int
    sender: UserRef
    peer: UserRef  # the other person of the dialog (oneself in saved notes)
    created_at: datetime
    snippet: Snippet


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
    tracks: tuple  # of tracks.TrackView
    comments: Page = Page(items=(), next_cursor=None)  # comment_search.CommentHit (schema 12)


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
    """My dialog that ``in:name`` means: the one with the person of that login.
    (Conversations with a title are matched here too once they exist.)"""
    peer = author_of(SearchQuery(from_login=name))
    row = (
        DialogMember.select(DialogMember.dialog)
        .where((DialogMember.user == user_id) & (DialogMember.peer == peer))
        .tuples()
        .first()
    )
    return row[0] if row else None


def ref_at(row: tuple, at: int) -> UserRef:
    return UserRef(id=row[at], login=row[at + 1], first_name=row[at + 2],
                   last_name=row[at + 3], avatar_id=row[at + 4])


def as_datetime(value) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _page(rows: list[tuple], limit: int, make) -> Page:
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(items=tuple(make(row) for row in rows), next_cursor=rows[-1][0] if more else None)


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
    if parsed.is_empty or parsed.has:
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
    return _page(rows, limit, lambda row: message_hit(row, terms))


def message_hit(row: tuple, terms: tuple[tuple[str, ...], ...]) -> MessageHit:
    """A ``MessageHit`` of a ``search_sql.message_rows`` row, ``terms`` highlighted."""
    return MessageHit(
        message_id=row[0], dialog_id=row[1], seq=row[2], created_at=as_datetime(row[4]),
        sender=ref_at(row, 5), peer=ref_at(row, 10), snippet=snippet(row[3], terms),
    )


# ---------------------------------------------------------------- posts

@reads
def search_posts(
    user_id: int, query: str | SearchQuery, cursor: object = None, limit: int = PAGE
) -> Page[PostHit]:
    """Posts matching ``query``, newest first. ``from:login`` keeps one author;
    ``in:name`` keeps one community's posts."""
    parsed = as_query(query)
    limit = _limit(limit)
    before = _cursor(cursor)
    if not parsed.has_text or parsed.has:
        return EMPTY
    community = None
    if parsed.in_name:
        row = (Community.select(Community.id)
               .where(Community.name_key == identity_key(parsed.in_name)).tuples().first())
        community = row[0] if row else NOBODY
    rows = search_sql.post_rows(parsed, before=before, limit=limit + 1,
                                author_id=author_of(parsed), community_id=community)
    terms = parsed.highlight_terms

    def hit(row: tuple) -> PostHit:
        return PostHit(post_id=row[0], community_id=row[1], community_name=row[2],
                       created_at=as_datetime(row[4]), author=ref_at(row, 5),
                       snippet=snippet(row[3], terms))

    return _page(rows, limit, hit)


# ---------------------------------------------------------------- everything

def _name_query(parsed: SearchQuery) -> str:
    """What the name searches look for: the query's words and phrases."""
    return " ".join([*parsed.words, *(" ".join(phrase) for phrase in parsed.phrases)])


@reads
def search_everything(user_id: int, query: str, limit: int = PAGE) -> SearchResults:
    """The first page of each section for ``query``: messages, posts, people,
    communities and tracks (the last three by name, as their own screens find them)."""
    parsed = as_query(query)
    names = _name_query(parsed)
    plain = names and not (parsed.from_login or parsed.in_name or parsed.before
                           or parsed.after or parsed.has or parsed.excluded)
    return SearchResults(
        query=parsed,
        messages=search_messages(user_id, parsed, limit=limit),
        posts=search_posts(user_id, parsed, limit=limit),
        people=people.search_users(names, limit=limit) if plain else EMPTY,
        communities=communities.all_communities(user_id, names, limit=limit) if plain else EMPTY,
        tracks=tuple(tracks.search_tracks(user_id, names, limit=limit)) if plain else (),
        comments=_comments(user_id, parsed, limit),
    )


def _comments(user_id: int, parsed: SearchQuery, limit: int) -> Page:
    from .comment_search import search_comments  # it builds on this module

    return search_comments(user_id, parsed, limit=limit)
