"""A post with 10 000 comments (issue 13's performance row).

``comments_newest``: open that post — its newest page of comments, through
``models.comments.comments_page`` — beside the same question in plain sqlite3.
Target: p95 ≤ 1 ms. The post and its comments are written before the timing
(plain SQL, one transaction) and taken away again at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

COMMENTS = 10_000
PAGE = 30


def _floor_page(conn: sqlite3.Connection, post_id: int) -> list[tuple]:
    return conn.execute(
        "SELECT c.id, c.text, c.created_at, c.like_count, u.id, u.login, u.first_name, "
        "u.last_name, u.avatar_id FROM comment c JOIN user u ON u.id = c.author_id "
        "WHERE c.post_id = ? AND c.deleted = 0 ORDER BY c.id DESC LIMIT ?",
        (post_id, PAGE + 1),
    ).fetchall()


def comment_operations(operation: type, absolute: Callable, conn: sqlite3.Connection,
                       me: int, runs: int) -> tuple[list, Callable[[], None]]:
    """The benchmark rows, and what takes their data away afterwards."""
    from models import comments

    now = datetime(2026, 1, 1).isoformat(sep=" ")
    authors = [row[0] for row in conn.execute("SELECT id FROM user ORDER BY id LIMIT 500")]
    conn.execute("BEGIN IMMEDIATE")
    post_id = conn.execute(
        "INSERT INTO post (author_id, text, created_at, like_count, comment_count, is_repost) "
        "VALUES (?, 'бенчмарк: 10 000 комментариев', ?, 0, ?, 0)", (me, now, COMMENTS),
    ).lastrowid
    conn.executemany(
        "INSERT INTO comment (post_id, author_id, text, created_at, deleted, like_count) "
        "VALUES (?, ?, ?, ?, 0, 0)",
        ((post_id, authors[n % len(authors)], f"комментарий {n}", now) for n in range(COMMENTS)),
    )
    conn.execute("COMMIT")

    def clean_up() -> None:
        conn.execute("DELETE FROM post WHERE id = ?", (post_id,))

    ops = [operation(
        "comments_newest", f"open a post with {COMMENTS:,} comments: newest {PAGE}",
        "p95 ≤ 1 ms", absolute(1.0),
        lambda: comments.comments_page(me, post_id, limit=PAGE),
        lambda: _floor_page(conn, post_id)[:PAGE], runs,
    )]
    return ops, clean_up
