"""The PostgreSQL floor: bench/floor.py's questions in plain SQL through psycopg2.

Each statement answers the same question as its SQLite twin in bench/floor.py
(same columns, same rows), written for PostgreSQL: ``"user"`` quoted, booleans
as booleans, ``%(name)s`` parameters. Every read is **one round trip**: one
statement on an autocommit connection. The send floor is one statement too — the
dialog's counters, the message and both member rows written by data-modifying
CTEs in the statement's own transaction (autocommit), which is as few round
trips as the same writes can take; a durable commit is part of it.

``RoundTrips`` counts what a connection sends: a cursor class whose
``execute``/``executemany`` add one each (peewee's ``BEGIN``/``COMMIT`` go
through ``cursor().execute`` as well, so they count).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import psycopg2
import psycopg2.extensions

_USER = 'u.id, u.login, u.first_name, u.last_name, u.avatar_id'

HISTORY = f"""
SELECT m.id, m.dialog_id, m.seq, m.client_id, m.text, m.created_at, m.edited_at, m.deleted,
       m.reply_to_id, r.text, r.deleted, {_USER},
       m.seq <= (SELECT last_read_seq FROM dialog_member
                 WHERE dialog_id = m.dialog_id AND user_id != %(me)s) AS read_by_peer
FROM message m
JOIN "user" u ON u.id = m.sender_id
LEFT JOIN message r ON r.id = m.reply_to_id
WHERE m.dialog_id = (SELECT dialog_id FROM dialog_member
                     WHERE user_id = %(me)s AND peer_id = %(peer)s)
  AND m.seq < %(before)s
ORDER BY m.seq DESC
LIMIT %(limit)s
"""

_UNREAD = """(SELECT COUNT(*) FROM message x
            WHERE x.dialog_id = dm.dialog_id AND x.seq > dm.last_read_seq
              AND x.sender_id != %(me)s AND NOT x.deleted AND x.kind = 'text') AS unread"""
DIALOG_LIST = f"""
SELECT * FROM (
  (SELECT dm.dialog_id, dm.last_message_id AS place, {_USER},
          m.text, m.deleted, m.created_at, m.sender_id, m.kind,
          NULL::text AS title, NULL::int AS member_count, NULL::text AS role,
          NULL::bigint AS mentions, {_UNREAD}
   FROM dialog_member dm
   JOIN "user" u ON u.id = dm.peer_id
   LEFT JOIN message m ON m.id = dm.last_message_id
   WHERE dm.user_id = %(me)s AND dm.role IS NULL AND dm.last_message_id < %(before)s
   ORDER BY dm.last_message_id DESC LIMIT %(limit)s)
  UNION ALL
  (SELECT dm.dialog_id, d.last_message_id AS place, {_USER},
          m.text, m.deleted, m.created_at, m.sender_id, m.kind,
          d.title, d.member_count, dm.role,
          (SELECT COUNT(*) FROM mention n WHERE n.user_id = %(me)s
             AND n.dialog_id = dm.dialog_id AND n.seq > dm.last_read_seq),
          {_UNREAD}
   FROM dialog_member dm
   JOIN dialog d ON d.id = dm.dialog_id
   LEFT JOIN message m ON m.id = d.last_message_id
   LEFT JOIN "user" u ON u.id = m.sender_id
   WHERE dm.user_id = %(me)s AND dm.role IS NOT NULL AND dm.left_seq IS NULL
     AND d.last_message_id < %(before)s
   ORDER BY d.last_message_id DESC LIMIT %(limit)s)) AS both_kinds
ORDER BY place DESC
LIMIT %(limit)s
"""

GROUP_HISTORY = f"""
SELECT m.id, m.dialog_id, m.seq, m.client_id, m.text, m.created_at, m.edited_at, m.deleted,
       m.reply_to_id, r.text, r.deleted, {_USER}, m.kind, n.id IS NOT NULL AS mentions_me,
       m.seq <= (SELECT MAX(last_read_seq) FROM dialog_member
                 WHERE dialog_id = %(gid)s AND user_id != %(me)s) AS read_by_peer
FROM message m
JOIN "user" u ON u.id = m.sender_id
LEFT JOIN message r ON r.id = m.reply_to_id
LEFT JOIN mention n ON n.user_id = %(me)s AND n.dialog_id = m.dialog_id AND n.seq = m.seq
WHERE m.dialog_id = %(gid)s
  AND m.seq >= (SELECT from_seq FROM dialog_member
                WHERE dialog_id = %(gid)s AND user_id = %(me)s)
ORDER BY m.seq DESC
LIMIT %(limit)s
"""

_POST_COLUMNS = f"""
SELECT p.id, p.community_id, p.text, p.created_at, p.like_count, {_USER}, c.name, l.id
FROM post p
JOIN "user" u ON u.id = p.author_id
LEFT JOIN community c ON c.id = p.community_id
LEFT JOIN post_like l ON l.post_id = p.id AND l.user_id = %(me)s
"""

FEED_EVERYONE = _POST_COLUMNS + " ORDER BY p.id DESC LIMIT %(limit)s"

FEED_FOLLOWING = f"""
WITH authors(id) AS (
    SELECT %(me)s::int
    UNION SELECT user_hi_id FROM friendship WHERE user_lo_id = %(me)s AND accepted
    UNION SELECT user_lo_id FROM friendship WHERE user_hi_id = %(me)s AND accepted
), page(id) AS (
    (SELECT p.id FROM authors a JOIN post p ON p.author_id = a.id)
    UNION
    (SELECT p.id FROM membership s JOIN post p ON p.community_id = s.community_id
     WHERE s.user_id = %(me)s)
    ORDER BY 1 DESC LIMIT %(limit)s
)
{_POST_COLUMNS}
WHERE p.id IN (SELECT id FROM page)
ORDER BY p.id DESC
"""

SEARCH_TWO_WORDS = """
SELECT id, login, first_name, last_name, avatar_id, last_key, first_key
FROM "user"
WHERE (first_key >= %(a)s AND first_key < %(a_end)s
       AND last_key >= %(b)s AND last_key < %(b_end)s)
   OR (first_key >= %(b)s AND first_key < %(b_end)s
       AND last_key >= %(a)s AND last_key < %(a_end)s)
ORDER BY last_key, first_key, id
LIMIT %(limit)s
"""

# The writes of messages.send_message to an existing dialog, in one statement:
# the dialog's next seq and (from the message id sequence) its newest message,
# the message, and both member rows (mine read up to it).
SEND = """
WITH d AS (
    UPDATE dialog SET last_seq = last_seq + 1,
                      last_message_id = nextval(pg_get_serial_sequence('message', 'id'))
    WHERE user_lo_id = %(lo)s AND user_hi_id = %(hi)s
    RETURNING id, last_seq, last_message_id
), m AS (
    INSERT INTO message (id, dialog_id, seq, sender_id, client_id, text, created_at, deleted)
    SELECT last_message_id, id, last_seq, %(me)s, %(client)s, %(text)s, %(now)s, false FROM d
    RETURNING id, dialog_id, seq
), members AS (
    UPDATE dialog_member dm SET last_message_id = m.id,
        last_read_seq = CASE WHEN dm.user_id = %(me)s THEN m.seq ELSE dm.last_read_seq END
    FROM m WHERE dm.dialog_id = m.dialog_id
)
SELECT id FROM m
"""

COMMENTS = f"""
SELECT c.id, c.text, c.created_at, c.like_count, {_USER}
FROM comment c JOIN "user" u ON u.id = c.author_id
WHERE c.post_id = %(post)s AND NOT c.deleted
ORDER BY c.id DESC LIMIT %(limit)s
"""

_VISIBLE_MESSAGES = """
SELECT m.id, m.dialog_id, m.seq, m.text, m.created_at,
       u.id, u.login, u.first_name, u.last_name, u.avatar_id
FROM message m
JOIN dialog_member dm ON dm.dialog_id = m.dialog_id AND dm.user_id = %(me)s
JOIN "user" u ON u.id = m.sender_id
WHERE NOT m.deleted AND m.text ILIKE %(a)s AND m.text ILIKE %(b)s AND m.id < %(before)s {extra}
ORDER BY m.id DESC LIMIT %(limit)s
"""
_POSTS = """
SELECT p.id, p.community_id, p.text, p.created_at, u.id, u.login, u.first_name, u.last_name
FROM post p JOIN "user" u ON u.id = p.author_id
WHERE p.text ILIKE %(a)s AND p.text ILIKE %(b)s
ORDER BY p.id DESC LIMIT %(limit)s
"""


class RoundTrips:
    """How many statements went to the server; ``cursor_class`` counts them."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] | None = None  # a list: keep each statement's text
        counter = self

        class Counting(psycopg2.extensions.cursor):
            def execute(self, query, vars=None):  # noqa: A002 - psycopg2's name
                counter.sent(query)
                return super().execute(query, vars)

            def executemany(self, query, vars_list):
                counter.sent(query)
                return super().executemany(query, vars_list)

        self.cursor_class = Counting

    def sent(self, query) -> None:
        self.count += 1
        if self.statements is not None:  # (a prepared one's EXECUTE: the SQL it runs)
            from models.prepared import statement_text

            self.statements.append(" ".join(statement_text(str(query)).split()))

    def during(self, func) -> int:
        """Call ``func`` once and return the statements it sent."""
        before = self.count
        func()
        return self.count - before


def connect(url: str, counter: RoundTrips | None = None):
    """A plain autocommit connection (one statement = one transaction)."""
    conn = psycopg2.connect(url)
    conn.autocommit = True
    if counter is not None:
        conn.cursor_factory = counter.cursor_class
    return conn


def _all(conn, sql: str, params: dict) -> list:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def history(conn, me: int, peer: int, before_seq: int | None = None, limit: int = 50) -> list:
    before = 2**62 if before_seq is None else before_seq
    return _all(conn, HISTORY, {"me": me, "peer": peer, "before": before, "limit": limit})


def dialog_list(conn, me: int, before: int | None = None, limit: int = 50) -> list:
    before = 2**62 if before is None else before
    return _all(conn, DIALOG_LIST, {"me": me, "before": before, "limit": limit + 1})


def group_history(conn, me: int, gid: int, limit: int = 50) -> list:
    return _all(conn, GROUP_HISTORY, {"me": me, "gid": gid, "limit": limit})


def feed_everyone(conn, me: int, limit: int = 20) -> list:
    return _all(conn, FEED_EVERYONE, {"me": me, "limit": limit + 1})


def feed_following(conn, me: int, limit: int = 20) -> list:
    return _all(conn, FEED_FOLLOWING, {"me": me, "limit": limit + 1})


def search_two_words(conn, first: str, last: str, limit: int = 50) -> list:
    top = "\U0010ffff"
    return _all(conn, SEARCH_TWO_WORDS, {"a": first, "a_end": first + top, "b": last,
                                         "b_end": last + top, "limit": limit + 1})


def send(conn, me: int, peer: int, text: str) -> int:
    lo, hi = (me, peer) if me <= peer else (peer, me)
    (row,) = _all(conn, SEND, {"lo": lo, "hi": hi, "me": me, "client": uuid.uuid4().hex,
                               "text": text, "now": datetime.now()})
    return row[0]


def comments_page(conn, post_id: int, limit: int) -> list:
    return _all(conn, COMMENTS, {"post": post_id, "limit": limit})


def _like(words: str) -> dict:
    a, b = words.split()
    return {"a": f"%{a}%", "b": f"%{b}%"}


def search_everything(conn, me: int, words: str, limit: int = 20) -> list:
    """A scan without an index: what searching text costs with none (two statements)."""
    params = {"me": me, "before": 2**62, "limit": limit + 1, **_like(words)}
    found = _all(conn, _VISIBLE_MESSAGES.format(extra=""), params)
    return found[:limit] + _all(conn, _POSTS, params)[:limit]


def next_match(conn, me: int, dialog_id: int, before: int, words: str) -> list:
    params = {"me": me, "before": before, "limit": 1, "dialog": dialog_id, **_like(words)}
    return _all(conn, _VISIBLE_MESSAGES.format(extra="AND m.dialog_id = %(dialog)s"), params)
