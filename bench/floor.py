"""The floor: each benchmarked question asked in plain ``sqlite3``, no ORM.

Every floor query answers the same question as the domain function it stands
beside, with the same columns a screen needs (sender names, reply quotes, the
peer's read mark, previews, unread counts, the viewer's likes), as one
hand-written statement over the same database file and the same indexes —
the app's indexes are already the ones we would choose for these queries (see
bench/README.md for why no extra index would help). The send floor performs
the same writes as ``messages.send_message`` in one ``BEGIN IMMEDIATE``
transaction with ``synchronous=FULL`` on a WAL database (the search index's
triggers included). The search floors are in bench/search_ops.py.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime

_USER = "u.id, u.login, u.first_name, u.last_name, u.avatar_id"

HISTORY = f"""
SELECT m.id, m.dialog_id, m.seq, m.client_id, m.text, m.created_at, m.edited_at, m.deleted,
       m.reply_to_id, r.text, r.deleted, {_USER},
       m.seq <= (SELECT last_read_seq FROM dialog_member
                 WHERE dialog_id = m.dialog_id AND user_id != :me) AS read_by_peer
FROM message m
JOIN user u ON u.id = m.sender_id
LEFT JOIN message r ON r.id = m.reply_to_id
WHERE m.dialog_id = (SELECT dialog_id FROM dialog_member WHERE user_id = :me AND peer_id = :peer)
  AND m.seq < :before
ORDER BY m.seq DESC
LIMIT :limit
"""

# Dialogs and groups in one list: a dialog's place is its member row's copy of
# the newest message id, a group's its dialog row's (a group send writes no
# member row); a group row also brings its title, count, role and "@" count.
_UNREAD = """(SELECT COUNT(*) FROM message x
            WHERE x.dialog_id = dm.dialog_id AND x.seq > dm.last_read_seq
              AND x.sender_id != :me AND x.deleted = 0 AND x.kind = 'text') AS unread"""
DIALOG_LIST = f"""
SELECT * FROM (
  SELECT * FROM (
    SELECT dm.dialog_id, dm.last_message_id AS place, {_USER},
           m.text, m.deleted, m.created_at, m.sender_id, m.kind,
           NULL, NULL, NULL, NULL,
           {_UNREAD}
    FROM dialog_member dm
    JOIN user u ON u.id = dm.peer_id
    LEFT JOIN message m ON m.id = dm.last_message_id
    WHERE dm.user_id = :me AND dm.role IS NULL AND dm.last_message_id < :before
    ORDER BY dm.last_message_id DESC LIMIT :limit)
  UNION ALL
  SELECT * FROM (
    SELECT dm.dialog_id, d.last_message_id AS place, {_USER},
           m.text, m.deleted, m.created_at, m.sender_id, m.kind,
           d.title, d.member_count, dm.role,
           (SELECT COUNT(*) FROM mention n WHERE n.user_id = :me
              AND n.dialog_id = dm.dialog_id AND n.seq > dm.last_read_seq),
           {_UNREAD}
    FROM dialog_member dm
    JOIN dialog d ON d.id = dm.dialog_id
    LEFT JOIN message m ON m.id = d.last_message_id
    LEFT JOIN user u ON u.id = m.sender_id
    WHERE dm.user_id = :me AND dm.role IS NOT NULL AND dm.left_seq IS NULL
      AND d.last_message_id < :before
    ORDER BY d.last_message_id DESC LIMIT :limit))
ORDER BY place DESC
LIMIT :limit
"""

GROUP_HISTORY = f"""
SELECT m.id, m.dialog_id, m.seq, m.client_id, m.text, m.created_at, m.edited_at, m.deleted,
       m.reply_to_id, r.text, r.deleted, {_USER}, m.kind, n.id IS NOT NULL AS mentions_me,
       m.seq <= (SELECT MAX(last_read_seq) FROM dialog_member
                 WHERE dialog_id = :gid AND user_id != :me) AS read_by_peer
FROM message m
JOIN user u ON u.id = m.sender_id
LEFT JOIN message r ON r.id = m.reply_to_id
LEFT JOIN mention n ON n.user_id = :me AND n.dialog_id = m.dialog_id AND n.seq = m.seq
WHERE m.dialog_id = :gid
  AND m.seq >= (SELECT from_seq FROM dialog_member WHERE dialog_id = :gid AND user_id = :me)
ORDER BY m.seq DESC
LIMIT :limit
"""

_POST_COLUMNS = f"""
SELECT p.id, p.community_id, p.text, p.created_at, p.like_count, {_USER}, c.name, l.id
FROM post p
JOIN user u ON u.id = p.author_id
LEFT JOIN community c ON c.id = p.community_id
LEFT JOIN post_like l ON l.post_id = p.id AND l.user_id = :me
"""

FEED_EVERYONE = _POST_COLUMNS + " ORDER BY p.id DESC LIMIT :limit"

# The newest posts of each source come from their own index range — (author, id)
# for me and each friend, (community, id) for each of my communities — and only
# the newest page of the union is sorted.
FEED_FOLLOWING = f"""
WITH authors(id) AS (
    SELECT :me
    UNION SELECT user_hi_id FROM friendship WHERE user_lo_id = :me AND accepted
    UNION SELECT user_lo_id FROM friendship WHERE user_hi_id = :me AND accepted
), page(id) AS (
    SELECT p.id FROM authors a JOIN post p ON p.author_id = a.id
    UNION
    SELECT p.id FROM membership s JOIN post p ON p.community_id = s.community_id
    WHERE s.user_id = :me
    ORDER BY 1 DESC LIMIT :limit
)
{_POST_COLUMNS}
WHERE p.id IN (SELECT id FROM page)
ORDER BY p.id DESC
"""

SEARCH_TWO_WORDS = """
SELECT id, login, first_name, last_name, avatar_id, last_key, first_key
FROM user
WHERE (first_key >= :a AND first_key < :a_end AND last_key >= :b AND last_key < :b_end)
   OR (first_key >= :b AND first_key < :b_end AND last_key >= :a AND last_key < :a_end)
ORDER BY last_key, first_key, id
LIMIT :limit
"""


def connect(path) -> sqlite3.Connection:
    """A plain connection with the app's pragmas (WAL, synchronous=FULL)."""
    from models.search_fold import FOLD_FUNCTION, fold

    conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
    # The search index's triggers fold text with it: a send keeps the index too.
    conn.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def history(conn, me: int, peer: int, before_seq: int | None = None, limit: int = 50) -> list:
    before = 2**62 if before_seq is None else before_seq
    return conn.execute(HISTORY, {"me": me, "peer": peer, "before": before, "limit": limit}).fetchall()


def dialog_list(conn, me: int, before: int | None = None, limit: int = 50) -> list:
    before = 2**62 if before is None else before
    return conn.execute(DIALOG_LIST, {"me": me, "before": before, "limit": limit + 1}).fetchall()


def group_history(conn, me: int, gid: int, limit: int = 50) -> list:
    return conn.execute(GROUP_HISTORY, {"me": me, "gid": gid, "limit": limit}).fetchall()


def feed_everyone(conn, me: int, limit: int = 20) -> list:
    return conn.execute(FEED_EVERYONE, {"me": me, "limit": limit + 1}).fetchall()


def feed_following(conn, me: int, limit: int = 20) -> list:
    return conn.execute(FEED_FOLLOWING, {"me": me, "limit": limit + 1}).fetchall()


def search_two_words(conn, first: str, last: str, limit: int = 50) -> list:
    """Both words are search keys already (casefolded)."""
    top = "\U0010ffff"
    params = {"a": first, "a_end": first + top, "b": last, "b_end": last + top,
              "limit": limit + 1}
    return conn.execute(SEARCH_TWO_WORDS, params).fetchall()


def send(conn, me: int, peer: int, text: str) -> int:
    """The writes of ``messages.send_message`` to an existing dialog, durably committed."""
    lo, hi = (me, peer) if me <= peer else (peer, me)
    conn.execute("BEGIN IMMEDIATE")
    try:
        dialog_id, seq = conn.execute(
            "UPDATE dialog SET last_seq = last_seq + 1 WHERE user_lo_id = ? AND user_hi_id = ?"
            " RETURNING id, last_seq", (lo, hi)
        ).fetchone()
        message_id = conn.execute(
            "INSERT INTO message (dialog_id, seq, sender_id, client_id, text, created_at, deleted)"
            " VALUES (?, ?, ?, ?, ?, ?, 0)",
            (dialog_id, seq, me, uuid.uuid4().hex, text, str(datetime.now())),
        ).lastrowid
        conn.execute("UPDATE dialog SET last_message_id = ? WHERE id = ?", (message_id, dialog_id))
        conn.execute("UPDATE dialog_member SET last_message_id = ?,"
                     " last_read_seq = CASE WHEN user_id = ? THEN ? ELSE last_read_seq END"
                     " WHERE dialog_id = ?", (message_id, me, seq, dialog_id))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return message_id


def log_in(conn, hasher, login_key: str, password: str) -> int:
    """Look the account up with its throttle row, verify argon2id, record the success."""
    user_id, password_hash, _blocked = conn.execute(
        "SELECT u.id, u.password_hash, a.blocked_until FROM user u"
        " LEFT JOIN login_attempt a ON a.login_key = u.login_key WHERE u.login_key = ?",
        (login_key,),
    ).fetchone()
    hasher.verify(password_hash, password)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM login_attempt WHERE login_key = ?", (login_key,))
    conn.execute("UPDATE user SET last_seen_at = ? WHERE id = ?", (str(datetime.now()), user_id))
    conn.execute("COMMIT")
    return user_id
