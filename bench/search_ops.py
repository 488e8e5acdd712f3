"""The search rows of ``bench.run`` (issue 14), each beside its floor: the
same question answered by a plain ``LIKE '%word%'`` scan in ``sqlite3`` — what
searching message text costs without an index. The floor folds nothing (LIKE
folds ASCII case only), so its rows may differ; the point is the ratio.

- two common words over everything person 1 can read (messages and posts,
  first page with snippets) — p95 ≤ 20 ms;
- two rare words that seldom meet (the floor then reads every message);
- one-chat next match in the 200 000-message dialog, from its middle — ≤ 5 ms;
- the search's music section alone, a page of a query many tracks have and
  one none has (its floor: the same run of ``track_word`` in ``sqlite3``);
- the whole global search (also people, communities and tracks by name).

``index_sizes`` reports the FTS5 tables' size beside the database's.
"""

from __future__ import annotations

import sqlite3

COMMON = "кофе дождь"  # each word is in about 1 in 8 generated texts
RARE = "байдарка ладога"  # each in 1 in 500 (bench/generate_community.py RARE_WORDS)

_VISIBLE_MESSAGES = """
SELECT m.id, m.dialog_id, m.seq, m.text, m.created_at,
       u.id, u.login, u.first_name, u.last_name, u.avatar_id
FROM message m
JOIN dialog_member dm ON dm.dialog_id = m.dialog_id AND dm.user_id = :me
JOIN user u ON u.id = m.sender_id
WHERE m.deleted = 0 AND m.text LIKE :a AND m.text LIKE :b AND m.id < :before {extra}
ORDER BY m.id DESC LIMIT :limit
"""
_POSTS = """
SELECT p.id, p.community_id, p.text, p.created_at, u.id, u.login, u.first_name, u.last_name
FROM post p JOIN user u ON u.id = p.author_id
WHERE p.text LIKE :a AND p.text LIKE :b
ORDER BY p.id DESC LIMIT :limit
"""


def _like(words: str) -> dict:
    a, b = words.split()
    return {"a": f"%{a}%", "b": f"%{b}%"}


def floor_everything(conn: sqlite3.Connection, me: int, words: str, limit: int = 20) -> list:
    params = {"me": me, "before": 2**62, "limit": limit + 1, **_like(words)}
    messages = conn.execute(_VISIBLE_MESSAGES.format(extra=""), params).fetchall()
    posts = conn.execute(_POSTS, params).fetchall()
    return messages[:limit] + posts[:limit]


def floor_next_match(conn: sqlite3.Connection, me: int, dialog_id: int, before: int,
                     words: str) -> list:
    params = {"me": me, "before": before, "limit": 1, "dialog": dialog_id, **_like(words)}
    return conn.execute(
        _VISIBLE_MESSAGES.format(extra="AND m.dialog_id = :dialog"), params
    ).fetchall()


TRACKS = "трек 1"  # a page of the catalogue's "Трек 1", "Трек 10", … (bench/generate_tracks.py)
_MUSIC = """
SELECT t.id, t.media_id, t.title, t.artist, t.album, t.duration, ut.id
FROM track t LEFT JOIN user_track ut ON ut.track_id = t.id AND ut.user_id = :me
WHERE t.id IN (SELECT track_id FROM track_word WHERE prefix = :key
               ORDER BY title_key, track_id LIMIT :limit)
ORDER BY t.title_key, t.id LIMIT :limit
"""


def floor_music(conn: sqlite3.Connection, me: int, words: str, limit: int = 20) -> list:
    """The music section's page: the tracks a word of whose title or artist
    starts with ``words``, by title (one run of ``track_word``, schema 17)."""
    from models.text import search_key

    return conn.execute(_MUSIC, {"me": me, "key": search_key(words), "limit": limit + 1}
                        ).fetchall()[:limit]


def database_size(conn: sqlite3.Connection) -> dict:
    """Bytes of the whole database (``index_sizes`` without the index's share)."""
    return {"database_bytes": conn.execute("PRAGMA page_count").fetchone()[0]
            * conn.execute("PRAGMA page_size").fetchone()[0]}


def index_sizes(conn: sqlite3.Connection) -> dict:
    """Bytes of the whole database and of the search index (its FTS5 tables)."""
    total = database_size(conn)["database_bytes"]
    try:
        rows = conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat "
            "WHERE name LIKE 'message_search%' OR name LIKE 'post_search%' GROUP BY name"
        ).fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return {"database_bytes": total, "index_bytes": None}
    index = sum(size for _, size in rows)
    return {"database_bytes": total, "index_bytes": index,
            "index_share": round(index / total, 3) if total else None,
            "tables": dict(rows)}


def search_operations(operation, absolute, conn: sqlite3.Connection, me: int, big_peer: int,
                      runs: int) -> list:
    """The search ``Operation``s (``operation`` is ``bench.timing.Operation``)."""
    from models import chat_search, search

    dialog_id, middle_id = conn.execute(
        "SELECT d.id, (SELECT id FROM message WHERE dialog_id = d.id AND seq = d.last_seq / 2) "
        "FROM dialog d WHERE user_lo_id = ? AND user_hi_id = ?", (me, big_peer),
    ).fetchone()

    def readable(words: str):
        return lambda: (search.search_messages(me, words).items
                        + search.search_posts(me, words).items)

    return [
        operation("search_two_words", f"search \"{COMMON}\": messages + posts",
                  "p95 ≤ 20 ms", absolute(20.0), readable(COMMON),
                  lambda: floor_everything(conn, me, COMMON), runs, False),
        operation("search_rare_words", f"search \"{RARE}\": messages + posts",
                  "p95 ≤ 20 ms", absolute(20.0), readable(RARE),
                  lambda: floor_everything(conn, me, RARE), max(5, runs // 10), False),
        operation("search_next_match", "one chat (200 000): next match from the middle",
                  "p95 ≤ 5 ms", absolute(5.0),
                  lambda: chat_search.next_match(me, dialog_id, COMMON, middle_id),
                  lambda: floor_next_match(conn, me, dialog_id, middle_id, COMMON), runs, False),
        operation("search_music", f"search's music section \"{TRACKS}\" (a page)",
                  "p95 ≤ 5 ms", absolute(5.0),
                  lambda: search.search_section(me, search.MUSIC, TRACKS),
                  lambda: floor_music(conn, me, TRACKS), runs),
        operation("search_music_none", f"search's music section \"{COMMON}\" (no track)",
                  "p95 ≤ 5 ms", absolute(5.0),
                  lambda: search.search_section(me, search.MUSIC, COMMON),
                  lambda: floor_music(conn, me, COMMON), runs),
        operation("search_everything", f"global search \"{COMMON}\" (all five sections)",
                  "p95 ≤ 20 ms", absolute(20.0), lambda: search.search_everything(me, COMMON),
                  lambda: floor_everything(conn, me, COMMON), runs, False),
    ]
