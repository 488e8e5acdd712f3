"""Statements built once (models/prepared.py) still answer for the database
that is open now, with the values of this call."""

from __future__ import annotations

import pytest

from models import dialogs, messages, posts
from models.db import close_database, database, is_sqlite, open_database
from models.prepared import Prepared
from models.schema import Message, User


@pytest.mark.sqlite_only  # it switches between two SQLite files
def test_reopening_another_database_reads_that_database(db, make_user, tmp_path, frozen_clock):
    """After switching to another database file, a chat shows that file's
    messages, not those of the file the statement was first built for."""
    assert is_sqlite()
    anna, boris = make_user("anna", "Анна", "Иванова"), make_user("boris", "Борис", "Петров")
    messages.send_message(anna.id, boris.id, "в первой базе", messages.new_client_id())
    assert [m.text for m in dialogs.history(anna.id, boris.id)] == ["в первой базе"]

    close_database()
    open_database(f"sqlite:///{tmp_path / 'second.db'}")
    try:
        a2, b2 = make_user("anna2", "Анна", "Смирнова"), make_user("boris2", "Борис", "Орлов")
        messages.send_message(a2.id, b2.id, "во второй базе", messages.new_client_id())
        assert [m.text for m in dialogs.history(a2.id, b2.id)] == ["во второй базе"]
        assert [p.text for p in posts.feed_everyone(a2.id).items] == []
    finally:
        close_database()
        database.initialize(None)


def test_text_that_looks_like_a_number_is_stored_as_sent(db, make_user, frozen_clock):
    """A message whose text and client id are digits is stored and shown as
    typed (the statement binds it as text, like any other message)."""
    anna, boris = make_user("anna"), make_user("boris")
    sent = messages.send_message(anna.id, boris.id, "-7340000000005", "-7340000000001")
    assert sent.text == "-7340000000005" and sent.client_id == "-7340000000001"
    (shown,) = dialogs.history(anna.id, boris.id)
    assert shown == sent
    stored = Message.get_by_id(sent.id)
    assert (stored.text, stored.client_id) == ("-7340000000005", "-7340000000001")


def test_every_argument_must_appear_in_the_statement(db):
    """A statement that ignores one of its arguments is a programming error,
    reported when it is first used rather than answering with wrong rows."""
    broken = Prepared(lambda user_id, unused: User.select(User.id).where(User.id == user_id), 2)
    with pytest.raises(AssertionError):
        broken.rows(1, 2)


# ----------------------------------------------------- PostgreSQL: kept by the server

def _raw_sent():
    """``with _raw_sent() as sent:`` the statements as sent (EXECUTE not expanded)."""
    import contextlib
    import logging

    from tests.sql_log import peewee_log

    @contextlib.contextmanager
    def capture():
        sent: list[str] = []

        class Handler(logging.Handler):
            def emit(self, record):
                if isinstance(record.msg, tuple):
                    sent.append(record.msg[0])

        with peewee_log(Handler(logging.DEBUG)):
            yield sent

    return capture()


def _by_id() -> Prepared:
    return Prepared(lambda user_id: User.select(User.login).where(User.id == user_id), 1)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_postgresql_prepares_a_statement_once_per_connection(db, make_user):
    """The first call prepares the statement and runs it in one round trip;
    the next ones send only its name and values. A new connection (the old
    one lost) prepares it again."""
    anna, boris = make_user("anna"), make_user("boris")
    statement = _by_id()
    with _raw_sent() as sent:
        assert statement.rows(anna.id) == [("anna",)]
        assert statement.rows(boris.id) == [("boris",)]
        assert statement.rows(anna.id) == [("anna",)]
    first, *later = sent
    assert first.startswith("PREPARE messenger_") and '"user"' in first
    assert first.endswith("; EXECUTE " + later[0].split()[1] + " (%s)")
    assert later == [later[0]] * 2 and later[0].startswith("EXECUTE messenger_")

    db.close()  # as after a lost connection: the next call opens another
    with _raw_sent() as sent:
        assert statement.rows(boris.id) == [("boris",)]
    assert [s.split()[0] for s in sent] == ["PREPARE"]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_postgresql_a_first_call_that_failed_leaves_the_statement_usable(db, make_user):
    """A first call whose EXECUTE failed (its PREPARE stays on the server)
    prepares the statement anew, under another name, at the next call."""
    from peewee import Value

    from models.errors import DatabaseError

    anna = make_user("anna")
    divided = Prepared(
        lambda user_id, by: User.select((User.id / Value(by)).alias("q"))
        .where(User.id == user_id), 2)
    with pytest.raises(Exception) as failed:
        divided.rows(anna.id, 0)
    assert "division by zero" in str(failed.value) or isinstance(failed.value, DatabaseError)
    assert divided.rows(anna.id, 1) == [(anna.id,)]
    assert divided.rows(anna.id, anna.id) == [(1,)]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_postgresql_a_limit_is_written_into_the_statement(db, make_user):
    """A LIMIT goes into the prepared statement as its number (a parameter
    there makes the server plan each call): one statement a page size, each
    answering with that many rows."""
    made = sorted(make_user(f"user{i}").id for i in range(4))
    first = Prepared(
        lambda after, limit: User.select(User.id).where(User.id > after)
        .order_by(User.id).limit(limit), 2)
    with _raw_sent() as sent:
        assert first.rows(0, 2) == [(made[0],), (made[1],)]
        assert first.rows(made[1], 2) == [(made[2],), (made[3],)]
        assert first.rows(0, 3) == [(i,) for i in made[:3]]
    assert "LIMIT 2" in sent[0] and sent[0].endswith(" (%s)")
    assert sent[1] == sent[0].split("; ")[1]  # the same statement, the value apart
    assert "LIMIT 3" in sent[2] and sent[2].startswith("PREPARE")


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_postgresql_prepare_off_sends_the_sql_each_time(db, make_user, monkeypatch):
    """MESSENGER_PG_PREPARE=off (a pooler in transaction mode): plain SQL."""
    from models.prepared import PREPARE_ENV

    monkeypatch.setenv(PREPARE_ENV, "off")
    anna = make_user("anna")
    statement = _by_id()
    with _raw_sent() as sent:
        assert statement.rows(anna.id) == [("anna",)]
        assert statement.rows(anna.id) == [("anna",)]
    assert len(sent) == 2 and all(s.startswith("SELECT") for s in sent)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_postgresql_a_pages_extras_are_one_statement_for_any_number_of_rows(
    db, make_user, monkeypatch
):
    """A page's reactions, attachments and people (models/page_extras.py) ask
    for their ids as one array: pages of any length run one statement,
    prepared by the first; past ``MAX_TEXTS`` texts a connection runs the
    rest as they are."""
    from models import page_extras, prepared

    people = [make_user(f"user{i}") for i in range(5)]
    with _raw_sent() as sent:
        for count in (1, 3, 5):
            found = page_extras.page_extras(people=[p.id for p in people[:count]])
            assert sorted(found.people) == [p.id for p in people[:count]]
    assert "PREPARE" in sent[0] and "= ANY($1)" in sent[0]
    name = sent[0].split("PREPARE ")[1].split()[0]
    assert sent[1:] == [f"EXECUTE {name} (%s)"] * 2

    monkeypatch.setattr(prepared, "MAX_TEXTS", 0)
    other = 'SELECT "login" FROM "user" WHERE "id" = ANY(%s) ORDER BY "login"'
    with _raw_sent() as sent:
        rows = prepared.execute_sql(other, [[people[1].id, people[0].id]]).fetchall()
    assert rows == [("user0",), ("user1",)] and sent == [other]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_postgresql_two_word_people_search_is_prepared_and_one_word_is_not(db, make_user):
    """Two words' name walks are prepared and planned once for every pair
    (1.9 → 1.0 ms at scale 1); one word's are sent as SQL: planned once, "ан"
    took 39 ms instead of 2.3. Every page of both finds whom it should."""
    from models import people

    for i, (first, last) in enumerate([("Анна", "Иванова"), ("Антон", "Ивлев"),
                                       ("Иван", "Антонов"), ("Анна", "Петрова")] * 3):
        make_user(f"user{i}", first, last)
    with _raw_sent() as sent:
        page = people.search_users("ан ив", limit=2)
        seen = list(page.items)
        while page.next_cursor is not None:
            page = people.search_users("ан ив", page.next_cursor, limit=2)
            seen += page.items
        again = people.search_users("ив ан", limit=50).items
    assert sorted(u.login for u in seen) == sorted(f"user{i}" for i in range(12) if i % 4 < 3)
    assert [u.id for u in again] == [u.id for u in seen]  # either order, the same people
    assert sent[0].startswith("SET plan_cache_mode = force_generic_plan; PREPARE messenger_")
    # the first page and the later ones (a cursor more) are two statements
    kinds, names = zip(*(s.split(" (")[0].split("; ")[-1].split() for s in sent), strict=True)
    assert kinds == ("PREPARE", "PREPARE", "EXECUTE", "EXECUTE", "EXECUTE", "EXECUTE")
    assert names[2:] == (names[1], names[1], names[1], names[0]) != names[:2]
    with _raw_sent() as sent:
        assert {u.login for u in people.search_users("ива").items} == {
            f"user{i}" for i in range(12) if i % 4 in (0, 2)}
    assert len(sent) == 1 and sent[0].startswith("WITH RECURSIVE")


def test_times_and_flags_come_back_as_peewee_reads_them(db, make_user, frozen_clock):
    """A statement's times and true/false columns are the same Python values
    as peewee's own query gives, on each call (PostgreSQL's come typed from
    the driver and are not converted again; SQLite's are text and 0/1), and
    when its call is gathered with others (answered through JSON text)."""
    from models.gather import gather
    from models.schema import Post

    anna = make_user("anna")
    made = [posts.create_post(anna.id, f"post {n}") for n in range(3)]
    Post.update(is_repost=True).where(Post.id == made[1].id).execute()
    wanted = list(Post.select(Post.id, Post.created_at, Post.is_repost)
                  .where(Post.author == anna.id).order_by(Post.id).tuples())
    assert isinstance(wanted[0][1], type(made[0].created_at)) and wanted[1][2] is True
    statement = Prepared(lambda author: Post.select(Post.id, Post.created_at, Post.is_repost)
                         .where(Post.author == author).order_by(Post.id), 1)
    for _ in range(3):
        assert [tuple(row) for row in statement.rows(anna.id)] == wanted
        assert [(d["id"], d["created_at"], d["is_repost"]) for d in statement.dicts(anna.id)] \
            == wanted
    gathered = gather({"posts": lambda: statement.dicts(anna.id),
                       "again": lambda: statement.rows(anna.id)})
    assert [(d["id"], d["created_at"], d["is_repost"]) for d in gathered["posts"]] == wanted
    assert [tuple(row) for row in gathered["again"]] == wanted


def test_build_ahead_builds_each_statement_once_a_budget_at_a_time(db, make_user, monkeypatch):
    """``build_ahead`` builds the SQL of the statements not built yet for the
    open database (at least one a call, within its budget), then nothing;
    a statement built ahead is not built again by its first call, which
    answers as before."""
    from models import prepared

    anna, boris = make_user("anna"), make_user("boris")
    messages.send_message(anna.id, boris.id, "hello", messages.new_client_id())
    for statement in prepared._every:
        statement._state = None  # as in a process that just opened its database
    assert prepared.build_ahead(0.0) == 1  # the budget spent by one: one
    built: list = []
    compile_ = Prepared._compile
    monkeypatch.setattr(Prepared, "_compile", lambda self, db: (built.append(self),
                                                               compile_(self, db))[1])
    while prepared.build_ahead(0.01):
        pass
    assert prepared._every and all(  # (one a test made that cannot be built is left out)
        statement._state is not None and statement._state[0] is database.obj
        for statement in prepared._every)
    assert len(built) == len({id(statement) for statement in built})  # each built once
    built.clear()
    assert [m.text for m in dialogs.history(anna.id, boris.id)] == ["hello"]
    assert built == []  # its first call found its SQL built
