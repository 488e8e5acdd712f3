"""The full-text index as a part of the database: built by the upgrade of an
existing database, checked by ``messenger db check`` against the text it
indexes, and never left disagreeing by a process killed mid-write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models import clock, migrations, search
from models.db import close_database, database, is_sqlite, open_database
from models.maintenance import check_database
from models.migration_search import reporting
from models.schema import Dialog, DialogMember, Message, Meta, Post, User

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("reliability_worker.py")


def _version_four_database(url: str) -> dict[str, int]:
    """A database as release 4 left it: two people, their dialog with three
    messages (one deleted), a post — and no search index."""
    db = open_database(url, upgrade=False)
    with db.atomic():
        for step in (1, 2, 3, 4):
            migrations.STEPS[step](db)
        Meta.insert(key="schema_version", value="4").execute()
        ids = {
            login: User.create(login=login, login_key=login, password_hash="!", first_name=login,
                               last_name="Old", first_key=login, last_key="old",
                               created_at=clock.now()).id
            for login in ("vera", "pavel", "olga")
        }
        dialog = Dialog.create(user_lo=ids["vera"], user_hi=ids["pavel"], created_at=clock.now(),
                               last_seq=3)
        for user, peer in (("vera", "pavel"), ("pavel", "vera")):
            DialogMember.create(dialog=dialog, user=ids[user], peer=ids[peer])
        for seq, (text, deleted) in enumerate(
            (("Старые походы на Ладогу", False), ("", True), ("Ёлки у озера", False)), start=1
        ):
            ids[f"m{seq}"] = Message.create(
                dialog=dialog, seq=seq, sender=ids["vera"], client_id=f"old-{seq}", text=text,
                created_at=clock.now(), deleted=deleted,
            ).id
        ids["post"] = Post.create(author=ids["pavel"], text="Фото с похода",
                                  created_at=clock.now()).id
    close_database()
    return ids


def test_upgrading_a_version_four_database_indexes_what_it_holds(db_url, frozen_clock):
    ids = _version_four_database(db_url)
    told: list[tuple[str, int, int]] = []
    try:
        db = open_database(db_url, upgrade=False)
        assert migrations.current_version(db) == 4
        with reporting(lambda table, done, total: told.append((table, done, total))):
            migrations.upgrade(db)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert {table for table, _, _ in told} == {"message", "post"}
        assert told[-1][1] == told[-1][2]  # the last report says it is complete
        vera, pavel, olga = ids["vera"], ids["pavel"], ids["olga"]
        assert [h.message_id for h in search.search_messages(pavel, "поход").items] == [ids["m1"]]
        assert [h.message_id for h in search.search_messages(vera, "елки").items] == [ids["m3"]]
        assert search.search_messages(olga, "поход").items == ()
        assert [h.post_id for h in search.search_posts(olga, "поход").items] == [ids["post"]]
        assert check_database() == []
    finally:
        close_database()
        database.initialize(None)


@pytest.fixture
def dialog(db, make_user, frozen_clock):
    from models.messages import send_message

    anna, boris = make_user("anna").id, make_user("boris").id
    sent = [send_message(anna, boris, text, f"m{i}").id
            for i, text in enumerate(("first words", "second words", "third words"))]
    return anna, boris, sent


def test_db_check_names_the_messages_the_index_disagrees_with(db, dialog):
    """The index is damaged behind the triggers' back (as a bug or a tool
    writing with triggers off would): the check says which messages disagree."""
    _anna, _boris, (first, second, third) = dialog
    assert check_database() == []
    if is_sqlite():
        db.execute_sql("DROP TRIGGER message_search_update")
        Message.update(text="replaced entirely here").where(Message.id == first).execute()
        Message.update(deleted=True).where(Message.id == second).execute()
        db.execute_sql("INSERT INTO message_search(message_search, rowid, body, scope) "
                       "VALUES ('delete', ?, 'third words', ?)", (third, "d1"))
    else:
        db.execute_sql("ALTER TABLE message DISABLE TRIGGER message_search")
        Message.update(text="replaced").where(Message.id == first).execute()
        Message.update(deleted=True).where(Message.id == second).execute()
        db.execute_sql("UPDATE message SET search = NULL WHERE id = %s", (third,))
    problems = [p for p in check_database() if p.startswith("Search index")]
    assert problems, "the check found nothing"
    text = " ".join(problems)
    for message_id in (first, second, third):
        assert str(message_id) in text


def test_db_check_agrees_with_the_index_on_emoji_and_other_scripts(db, dialog):
    """Text with emoji, astral letters, signs and joined words is cut into words
    by the check exactly as the engine cut it: a healthy index is reported healthy."""
    from models.messages import send_message

    anna, boris, _sent = dialog
    for i, text in enumerate(("Отлично, записываю тебя 🙂", "👍🏽 ok 🇷🇺 flag", "𝔘nicode 𐐷 ∑ x² ½",
                              "snake_case e-mail № 5 ©", "ḱ̃ combining ǅ ﬁ ligature")):
        send_message(anna, boris, text, f"odd-{i}")
    assert [p for p in check_database() if p.startswith("Search index")] == []


def test_db_check_notices_a_change_of_words_that_keeps_their_number(db, dialog):
    """Same number of words, other words: SQLite's per-row checksum of the
    index's words and PostgreSQL's vector comparison both name the message."""
    _anna, _boris, (first, _second, _third) = dialog
    if is_sqlite():
        db.execute_sql("DROP TRIGGER message_search_update")
    else:
        db.execute_sql("ALTER TABLE message DISABLE TRIGGER message_search")
    Message.update(text="other words").where(Message.id == first).execute()
    problems = [p for p in check_database() if p.startswith("Search index")]
    assert len(problems) == 1 and f"ids {first})" in problems[0]


def _spawn(*args: object) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, str(WORKER), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=REPO)


@pytest.mark.slow
def test_a_writer_killed_mid_change_never_leaves_the_index_disagreeing(
    tmp_path, monkeypatch, make_user_factory
):
    """A client sending, editing and deleting is killed (SIGKILL) at random
    moments; afterwards the index agrees with every message, every acknowledged
    change is what search finds, and an edited message's old text is gone."""
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_database(url)
    try:
        writer, peer = make_user_factory("writer"), make_user_factory("peer")
        rng = random.Random(20261202)
        events: list[tuple[str, int, int]] = []
        start, total = 0, 150
        for _ in range(8):
            proc = _spawn("churn", url, writer, peer, start, total)
            for _ in range(rng.randint(3, 25)):
                line = proc.stdout.readline()
                if not line:
                    break
                kind, counter, mid = line.split()
                events.append((kind, int(counter), int(mid)))
            if proc.poll() is None:
                time.sleep(rng.uniform(0, 0.004))
                proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=120)
            assert proc.returncode in (0, -signal.SIGKILL), err
            events += [(k, int(c), int(m)) for k, c, m in
                       (line.split() for line in out.splitlines() if line[:1] in "sed"
                        and line != "done")]
            sent = [c for kind, c, _ in events if kind == "sent"]
            start = (max(sent) + 1) if sent else 0  # an interrupted edit stays undone
        assert check_database() == []
        for kind, counter, _mid in events:
            hits = search.search_messages(writer, f"word{counter:04d}z").items
            if kind == "deleted":
                assert hits == ()
            elif kind == "edited" and ("deleted", counter, _mid) not in events:
                assert [h.snippet.text for h in hits] == [f"word{counter:04d}z edited"]
                assert search.search_messages(writer, f"word{counter:04d}z fresh").items == ()
    finally:
        close_database()
        database.initialize(None)
