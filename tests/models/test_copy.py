"""Moving a community between databases: ``messenger db copy --from URL --to URL``
(models/copy.py). Everything arrives — people, passwords, posts, chats, avatars and
music bytes — with the same ids, the copy is verified table by table, and the app
works on the copy as it did on the original."""

from __future__ import annotations

import io

import pytest
from PIL import Image

import cli
import models.copy as copymod
from models import accounts, communities, demo, dialogs, messages, posts, tracks
from models.copy import copy_database, table_digests
from models.db import close_database, database, make_database, open_database
from models.errors import ConflictError, DatabaseError, ValidationError
from models.profiles import set_avatar
from models.schema import ALL_TABLES, Track


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MESSENGER_HOME", str(tmp_path / "home"))
    yield tmp_path
    close_database()
    database.initialize(None)


def _digests(url: str):
    db = make_database(url)
    try:
        return table_digests(db)
    finally:
        db.close()


def _small_community(url: str) -> dict[str, int]:
    """Two people with passwords, an avatar, a post with a like, a chat with a reply."""
    open_database(url)
    anna = accounts.register("anna", "Анна", "Иванова", "a long enough pass phrase").user.id
    boris = accounts.register("boris", "Борис", "Петров", "another long pass phrase").user.id
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 60)).save(buf, "PNG")
    set_avatar(anna, buf.getvalue())
    post = posts.create_post(anna, "Привет, мир")
    posts.like_post(boris, post.id)
    first = messages.send_message(anna, boris, "hello", "c-1")
    messages.send_message(boris, anna, "hi!", "c-2", reply_to_id=first.id)
    close_database()
    database.initialize(None)
    return {"anna": anna, "boris": boris}


def test_copy_into_an_empty_sqlite_file_keeps_everything_and_verifies(home):
    """Copying a community into a new SQLite file prints every table and keeps every
    row: counts and content hashes of the copy equal the original's, and Anna logs in
    on the copy and reads the same chat."""
    source, target = f"sqlite:///{home / 'a.db'}", f"sqlite:///{home / 'b.db'}"
    ids = _small_community(source)
    report = copy_database(source, target)

    assert report.tables == _digests(source) == _digests(target)
    assert [t.table for t in report.tables] == [m._meta.table_name for m in ALL_TABLES]
    counts = {t.table: t.rows for t in report.tables}
    assert counts["user"] == 2 and counts["message"] == 2 and counts["media"] == 1
    open_database(target)
    assert accounts.log_in("anna", "a long enough pass phrase").id == ids["anna"]
    chat = dialogs.history(ids["anna"], ids["boris"])
    assert [(m.text, m.reply_to_id is not None) for m in chat] == [("hi!", True), ("hello", False)]


@pytest.mark.postgresql
def test_demo_community_round_trip_sqlite_postgresql_sqlite_is_identical(home, empty_pg_url):
    """The demo community goes from a SQLite file to PostgreSQL and back into another
    SQLite file: every table has the same rows and the same content hash at each step
    (media bytes, times, flags and track durations included). On the PostgreSQL copy
    people log in, read their chats and write new things with fresh ids."""
    source, back = f"sqlite:///{home / 'demo.db'}", f"sqlite:///{home / 'back.db'}"
    open_database(source)
    demo.load_demo()
    anna = accounts.log_in("anna", demo.DEMO_PASSWORD).id
    peer = dialogs.dialog_list(anna).items[0].peer.id
    chat_before = dialogs.history(anna, peer)
    durations = sorted(t.duration for t in Track.select())
    close_database()
    database.initialize(None)

    original = _digests(source)
    to_pg = copy_database(source, empty_pg_url)
    assert to_pg.tables == original
    assert copy_database(empty_pg_url, back).tables == original
    assert _digests(back) == original
    assert _digests(empty_pg_url) == original

    open_database(empty_pg_url)
    assert accounts.log_in("anna", demo.DEMO_PASSWORD).id == anna
    assert dialogs.history(anna, peer) == chat_before
    assert sorted(t.duration for t in Track.select()) == durations
    # Sequences were moved past the copied ids: new rows get new ids, no clash.
    newcomer = accounts.register("newcomer", "New", "Comer", "a long enough pass phrase")
    assert newcomer.user.id == max(t.rows for t in to_pg.tables if t.table == "user") + 1
    sent = messages.send_message(anna, peer, "written on PostgreSQL", messages.new_client_id())
    assert sent.seq == chat_before[0].seq + 1
    assert posts.create_post(newcomer.user.id, "hello").id > 0
    # the communities' words came along (schema 16): found by a word of the name
    assert any(t.table == "community_word" and t.rows for t in to_pg.tables)
    assert communities.all_communities(anna, "club").items
    # and the tracks' words (schema 17): the demo's tracks found by a word of the title
    assert any(t.table == "track_word" and t.rows for t in to_pg.tables)
    assert [t.title for t in tracks.search_tracks(anna, "вальс")] == ["Вечерний вальс"]
    founded = communities.create_community(anna, "Written on PostgreSQL")  # its words' ids are new
    assert [c.id for c in communities.all_communities(anna, "written on p").items] == [founded.id]


@pytest.mark.postgresql
def test_a_postgresql_target_that_already_has_data_is_refused_untouched(home, empty_pg_url):
    """Copying into a PostgreSQL database that already holds a community is refused
    with a sentence naming the target, and the target keeps exactly what it had."""
    source = f"sqlite:///{home / 'a.db'}"
    _small_community(source)
    open_database(empty_pg_url)
    accounts.register("someone", "Some", "One", "a long enough pass phrase")
    close_database()
    before = _digests(empty_pg_url)

    with pytest.raises(ConflictError) as err:
        copy_database(source, empty_pg_url)
    assert err.value.field == "to"
    assert "not empty" in err.value.message and "1 account" in err.value.message
    assert _digests(empty_pg_url) == before


def test_a_sqlite_target_with_data_is_refused_and_keeps_its_data(home):
    """The same refusal for a SQLite file, even when the only data is a post-less
    account; the CLI prints the reason on one line and exits with 1."""
    source, target = f"sqlite:///{home / 'a.db'}", f"sqlite:///{home / 'b.db'}"
    _small_community(source)
    open_database(target)
    accounts.register("someone", "Some", "One", "a long enough pass phrase")
    close_database()
    before = _digests(target)

    assert cli.main(["db", "copy", "--from", source, "--to", target]) == 1
    assert _digests(target) == before


def test_the_cli_prints_each_table_and_its_rows(home, capsys):
    """``messenger db copy`` prints one line per table with its row count and a
    closing line saying the copy was verified."""
    source, target = f"sqlite:///{home / 'a.db'}", f"sqlite:///{home / 'new.db'}"
    _small_community(source)
    assert cli.main(["db", "copy", "--from", source, "--to", target]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = dict(line.split() for line in out[:-1])
    assert rows["user"] == "2" and rows["message"] == "2" and rows["post_like"] == "1"
    assert len(rows) == len(ALL_TABLES)
    assert out[-1].startswith("Copied ") and "match the source" in out[-1]


def test_a_copy_that_does_not_verify_keeps_nothing(home, monkeypatch):
    """If a row arrives different from the original (simulated by corrupting one
    value on its way), the copy is refused, nothing is kept in the target, and a
    later good copy into the same target succeeds."""
    source, target = f"sqlite:///{home / 'a.db'}", f"sqlite:///{home / 'b.db'}"
    _small_community(source)
    real = copymod._stored

    def corrupt(db, value):
        return "tampered" if value == "hello" else real(db, value)

    monkeypatch.setattr(copymod, "_stored", corrupt)
    with pytest.raises(DatabaseError) as err:
        copy_database(source, target)
    assert "'message' does not match" in err.value.message
    assert {t.table: t.rows for t in _digests(target)}["user"] == 0

    monkeypatch.setattr(copymod, "_stored", real)
    assert copy_database(source, target).tables == _digests(source)


def test_same_database_or_a_missing_source_is_refused(home):
    """Copying a file onto itself, or from a file that does not exist, is refused
    with a sentence, and no file is created for the missing source."""
    source = f"sqlite:///{home / 'a.db'}"
    _small_community(source)
    with pytest.raises(ValidationError) as same:
        copy_database(source, f"sqlite:///{home / '.' / 'a.db'}")
    assert same.value.field == "to"
    with pytest.raises(ValidationError) as missing:
        copy_database(f"sqlite:///{home / 'nothing.db'}", f"sqlite:///{home / 'b.db'}")
    assert missing.value.field == "from"
    assert not (home / "nothing.db").exists()
