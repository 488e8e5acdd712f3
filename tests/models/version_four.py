"""Rows written as a version-4 database held them, for the upgrade tests.

The domain functions of today write columns and tables that a version-4
schema does not have (a group's message kind, blocks, typing), so a test that
fills a version-4 database writes its dialogs with plain SQL instead.
"""

from __future__ import annotations

from models import clock
from models.db import is_sqlite


def v4_message(db, sender: int, peer: int, text: str) -> tuple[int, int]:
    """A dialog of ``sender`` and ``peer`` holding one message from ``sender``,
    unread by ``peer``; returns (dialog id, message id)."""
    mark = "?" if is_sqlite() else "%s"
    lo, hi = sorted((sender, peer))
    now = clock.now()

    def insert(sql: str, params: tuple) -> int:
        if is_sqlite():
            return db.execute_sql(sql, params).lastrowid
        return db.execute_sql(sql + " RETURNING id", params).fetchone()[0]

    with db.atomic():
        dialog = insert(f'INSERT INTO "dialog" (user_lo_id, user_hi_id, created_at, last_seq, '
                        f"last_message_id) VALUES ({mark}, {mark}, {mark}, 1, NULL)",
                        (lo, hi, now))
        message = insert(
            f'INSERT INTO "message" (dialog_id, seq, sender_id, client_id, text, created_at, '
            f"deleted) VALUES ({mark}, 1, {mark}, {mark}, {mark}, {mark}, {mark})",
            (dialog, sender, f"v4-{dialog}", text, now, False))
        db.execute_sql(f'UPDATE "dialog" SET last_message_id = {mark} WHERE id = {mark}',
                       (message, dialog))
        for user, other, read in ((sender, peer, 1), (peer, sender, 0)):
            db.execute_sql(
                f'INSERT INTO "dialog_member" (dialog_id, user_id, peer_id, last_read_seq, '
                f"last_message_id) VALUES ({mark}, {mark}, {mark}, {mark}, {mark})",
                (dialog, user, other, read, message))
    return dialog, message


def old_database(url: str, version: int) -> tuple[int, int, int, int]:
    """A database as schema ``version`` left it (its steps, run as written):
    Vera and Pavel, a message from Vera to Pavel and a post by Pavel; returns
    (vera, pavel, message id, post id) with the database closed."""
    from models import migrations
    from models.db import close_database, open_database
    from models.schema import Meta, Post, User

    db = open_database(url, upgrade=False)
    with db.atomic():
        for step in range(1, version + 1):
            migrations.STEPS[step](db)
        Meta.insert(key="schema_version", value=str(version)).execute()
    ids = [
        User.create(login=login, login_key=login, password_hash="!", first_name=login,
                    last_name="Old", first_key=login, last_key="old",
                    created_at=clock.now()).id
        for login in ("vera", "pavel")
    ]
    _dialog, message_id = v4_message(db, ids[0], ids[1], f"from version {version}")
    post = Post.create(author=ids[1], text="old post", created_at=clock.now())
    close_database()
    return ids[0], ids[1], message_id, post.id
