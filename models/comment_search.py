"""Finding comments by their words, as messages and posts are found
(models/search.py): the same query language, the same index on each engine
(``comment_search`` FTS5 on SQLite, the ``search`` tsvector on PostgreSQL,
made by schema step 12), newest first, keyset paged by comment id.

Only what the searcher may read: not deleted, under a post whose author did
not block them, and not written by someone who blocked them (as the Post
screen shows comments, models/comments.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .db import is_sqlite, reads
from .search import EMPTY, NOBODY, _cursor, _limit, _page, as_datetime, as_query, author_of, ref_at
from .search_query import SearchQuery
from .search_sql import _USER, _matching, public_rows
from .snippets import Snippet, snippet
from .views import Page, UserRef

_COLUMNS = "t.id, t.post_id, t.created_at, t.text, " + _USER.format(a="u")


@dataclass(frozen=True, slots=True)
class CommentHit:
    comment_id: int
    post_id: int
    author: UserRef
    created_at: datetime
    snippet: Snippet


def comment_rows(user_id: int, query: SearchQuery, *, before: int, limit: int,
                 author_id: int | None) -> list[tuple]:
    """Rows of ``_COLUMNS`` for the comments the query finds, newest first."""
    mark = "?" if is_sqlite() else "%s"
    blockers = f"(SELECT b.blocker_id FROM block b WHERE b.blocked_id = {mark})"

    def statement(params: list) -> str:
        source, key, where = _matching("comment", query, params)
        params += [before, False, user_id, user_id]
        return (
            f"SELECT {_COLUMNS} FROM {source} "
            f'JOIN "user" u ON u.id = t.author_id JOIN post p ON p.id = t.post_id '
            f"WHERE {where} AND {key} < {mark} AND t.deleted = {mark} "
            f"AND p.author_id NOT IN {blockers} AND t.author_id NOT IN {blockers}"
        )

    return public_rows("comment", statement, 4, query, {"author_id": author_id}, before, limit)


@reads
def search_comments(
    user_id: int, query: str | SearchQuery, cursor: object = None, limit: int = 20
) -> Page[CommentHit]:
    """Comments matching ``query`` that ``user_id`` may read, newest first;
    ``from:login`` keeps one author."""
    parsed = as_query(query)
    limit = _limit(limit)
    before = _cursor(cursor)
    if not parsed.has_text or parsed.has or parsed.in_name:
        return EMPTY
    author = author_of(parsed)
    if author == NOBODY:
        return EMPTY
    rows = comment_rows(user_id, parsed, before=before, limit=limit + 1, author_id=author)
    terms = parsed.highlight_terms

    def hit(row: tuple) -> CommentHit:
        return CommentHit(comment_id=row[0], post_id=row[1], created_at=as_datetime(row[2]),
                          author=ref_at(row, 4), snippet=snippet(row[3], terms))

    return _page(rows, limit, hit)
