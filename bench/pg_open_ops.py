"""More screen loads for ``bench.run_pg`` (issue 17, round 4): the ways a chat
opens before its dialog's id is known, at its first unread message, and a
Following feed page holding reposts — each was three statements on
PostgreSQL, each is two now (bench/README.md).

The floors are the nearest plain question ``bench/floor_pg.py`` has: the
newest page of the chat (the floor does not look for the first unread
message) and the Following page (without the originals of its reposts).
"""

from __future__ import annotations

from . import floor_pg
from .generate import BIG_PEER
from .generate_groups import BIG_GROUP_TITLE

REPOSTS = 5  # reposts by person 1 on top of their Following feed, written for the row


def _screen(app: float, floor: float) -> bool:
    return app <= 2 * floor and app <= 3.0


def open_rows(operation, conn, me: int, runs: int):
    """The operations, and what removes the reposts they wrote."""
    from models import conversations, dialogs, posts, unread

    with conn.cursor() as cur:
        cur.execute("SELECT id FROM dialog WHERE kind = 'group' AND title = %s",
                    (BIG_GROUP_TITLE,))
        (big_group,) = cur.fetchone()
        cur.execute("SELECT id FROM post WHERE author_id <> %s AND NOT is_repost "
                    "ORDER BY id DESC LIMIT %s", (me, REPOSTS))
        shared = [row[0] for row in cur.fetchall()]
        cur.execute(
            "INSERT INTO post (author_id, text, created_at, like_count, comment_count, "
            "is_repost, repost_of_id) SELECT %s, 'бенчмарк: репост', now(), 0, 0, true, o "
            "FROM unnest(%s::int[]) o RETURNING id", (me, shared))
        written = [row[0] for row in cur.fetchall()]

    def clean_up() -> None:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM post WHERE id = ANY(%s)", (written,))

    def cold():
        dialogs._KNOWN.remember(me, BIG_PEER, None)  # as in a fresh process
        return dialogs.history(me, BIG_PEER)

    ops = [
        operation("history_cold", "open the long dialog cold (id not known)",
                  "p95 ≤ 2× floor, 3 ms", _screen, cold,
                  lambda: floor_pg.history(conn, me, BIG_PEER), runs),
        operation("history_first_unread", "open it at its first unread (40 new)",
                  "p95 ≤ 2× floor, 3 ms", _screen,
                  lambda: unread.history_at_first_unread(me, BIG_PEER).messages,
                  lambda: floor_pg.history(conn, me, BIG_PEER), runs),
        operation("group_first_unread", "open the 500-member group at its first unread",
                  "p95 ≤ 2× floor, 3 ms", _screen,
                  lambda: conversations.history_at_first_unread_of(me, big_group).messages,
                  lambda: floor_pg.group_history(conn, me, big_group), runs),
        operation("feed_following_reposts", f"feed following, {REPOSTS} reposts on top",
                  "p95 ≤ 2× floor, 3 ms", _screen, lambda: posts.feed_following(me),
                  lambda: floor_pg.feed_following(conn, me)[:20], runs),
    ]
    for op in ops:
        op.round_trip_limit = 2
    return ops, clean_up
