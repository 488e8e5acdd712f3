"""PostgreSQL searches the messages of someone whose conversations hold many of
them with a second plan (``search_sql._pg_messages_by_volume``, schema 18);
it must find exactly what the first one finds: the same messages, the same
order, page by page, both ways, and only what the searcher may read."""

from __future__ import annotations

import pytest

from models import groups, messages, migrations, search, search_sql

pytestmark = [pytest.mark.parametrize("db_url", ["postgresql"], indirect=True),
              pytest.mark.postgresql]


def say(sender: int, dialog_id: int, text: str) -> int:
    return messages.send_to_dialog(sender, dialog_id, text, messages.new_client_id(), None).id


def plan_for(monkeypatch, many: bool) -> None:
    """Make every searcher count as one with many messages (or none)."""
    monkeypatch.setattr(search_sql, "_MANY", 0 if many else 10**12)
    monkeypatch.setattr(search_sql, "_SHARE", 10**12 if many else 1)


def every_page(user_id: int, query: str, newer_from: int | None = None) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = search.search_messages(user_id, query, cursor, limit=3)
        pages.append([hit.message_id for hit in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@pytest.fixture
def talk(db, make_user, frozen_clock):
    """Anna's dialogs and groups, with what she may and may not read."""
    anna, boris, vera, gleb = (make_user(login).id for login in ("anna", "boris", "vera", "gleb"))
    with_boris = messages.send_message(anna, boris, "байдарка на выходные?", "c-1").dialog_id
    say(boris, with_boris, "байдарка и палатка, ладога ждёт")
    for n in range(7):
        say(boris if n % 2 else anna, with_boris, f"кофе номер {n}, и дождь")
    book = groups.create_group(anna, "Book club", [boris, vera])
    say(vera, book, "кофе до того, как Глеб пришёл")
    groups.add_members(anna, book, [gleb])
    say(boris, book, "кофе и книги под дождь")
    groups.remove_member(anna, book, vera)
    say(gleb, book, "кофе без Веры, дождь")
    messages.send_message(vera, gleb, "кофе вдвоём, дождь", "c-2")  # not Anna's
    return {"anna": anna, "boris": boris, "vera": vera, "gleb": gleb}


QUERIES = ("кофе", "кофе дождь", "байдарка ладога", "ладог", "дождь -книги", "нет-такого-слова")


@pytest.mark.parametrize("who", ["anna", "vera", "gleb"])
def test_both_plans_find_the_same_pages(talk, monkeypatch, who):
    found = {}
    for many in (False, True):
        plan_for(monkeypatch, many)
        found[many] = {q: every_page(talk[who], q) for q in QUERIES}
    assert found[True] == found[False]
    assert any(pages != [[]] for pages in found[True].values())


def test_the_second_plan_keeps_what_a_member_may_read(talk, monkeypatch):
    plan_for(monkeypatch, True)
    gleb_sees = [hit.snippet.text for hit in search.search_messages(talk["gleb"], "кофе").items]
    assert not any("до того" in text for text in gleb_sees)  # said before he joined
    assert any("вдвоём" in text for text in gleb_sees)  # his own dialog with Vera
    vera_sees = [hit.snippet.text for hit in search.search_messages(talk["vera"], "кофе").items]
    assert not any("без Веры" in text for text in vera_sees)  # said after she left
    anna_sees = [hit.snippet.text for hit in search.search_messages(talk["anna"], "кофе").items]
    assert not any("вдвоём" in text for text in anna_sees)  # not her conversation


def test_the_second_plan_pages_towards_newer_too(talk, monkeypatch):
    pages = {}
    for many in (False, True):
        plan_for(monkeypatch, many)
        oldest = search_sql.message_rows(talk["anna"], search.as_query("кофе"), before=2**62,
                                         limit=100, dialog_id=None, sender_id=None)[-1][0]
        newer = search_sql.message_rows(talk["anna"], search.as_query("кофе"), before=oldest,
                                        limit=4, dialog_id=None, sender_id=None, newer=True)
        pages[many] = [row[0] for row in newer]
    assert pages[True] == pages[False] and len(pages[True]) == 4
    assert pages[True] == sorted(pages[True])


def test_its_statistics_are_made_by_the_upgrade(db):
    """Version 18: on PostgreSQL 14 and newer, statistics of the hidden join key."""
    version = int(db.execute_sql("SHOW server_version_num").fetchone()[0])
    made = db.execute_sql(
        "SELECT count(*) FROM pg_statistic_ext WHERE stxname = 'message_dialog_key'"
    ).fetchone()[0]
    assert made == (1 if version >= 140_000 else 0)
    db.execute_sql("DROP STATISTICS IF EXISTS message_dialog_key")
    db.execute_sql("UPDATE meta SET value = '17' WHERE key = 'schema_version'")
    assert migrations.upgrade(db) == (17, migrations.SCHEMA_VERSION)
    again = db.execute_sql(
        "SELECT count(*) FROM pg_statistic_ext WHERE stxname = 'message_dialog_key'"
    ).fetchone()[0]
    assert again == made


# ---------------------------------------------------------------- posts and comments
# What everyone may read is walked newest first for ``search_sql.WINDOW`` ids
# below the cursor, the rest asked of the full-text index: with a window of a
# few ids both parts are used on a few rows, and must find what one walk finds.


@pytest.fixture
def wall(db, make_user, frozen_clock):
    from models import blocks, comments, posts

    anna, boris, vera = (make_user(login).id for login in ("anna", "boris", "vera"))
    first = posts.create_post(boris, "Байдарка и Ладога: кто с нами?").id
    for n in range(9):
        post = posts.create_post(vera if n % 3 else anna, f"Кофе под дождь, день {n}")
        comments.add_comment(boris, post.id, f"кофе и дождь, ответ {n}")
        comments.add_comment(vera, post.id, f"кофе без дождя, ответ {n}")
    comments.add_comment(anna, first, "ладога ждёт, байдарка готова")
    posts.create_post(vera, "Ещё кофе")
    blocks.block(vera, boris)  # Boris no longer sees Vera's posts and comments
    return {"anna": anna, "boris": boris, "vera": vera}


def every_page_of(section, user_id: int, query: str) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = section(user_id, query, cursor, limit=2)
        pages.append([hit.post_id if section is search.search_posts else hit.comment_id
                      for hit in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize("who", ["anna", "boris"])
@pytest.mark.parametrize("section", ["posts", "comments"])
def test_a_short_walk_and_the_index_find_what_one_walk_finds(wall, monkeypatch, who, section):
    from models import comment_search

    find = search.search_posts if section == "posts" else comment_search.search_comments
    found = {}
    for window in (10**9, 3, 1):
        monkeypatch.setattr(search_sql, "WINDOW", window)
        found[window] = {q: every_page_of(find, wall[who], q)
                         for q in ("кофе", "кофе дождь", "байдарка ладога", "кофе -дождь",
                                   "from:vera кофе", "нет-такого-слова")}
    assert found[3] == found[10**9] == found[1]
    assert found[1]["байдарка ладога"] != [[]]
    assert len(found[1]["кофе"]) >= 2  # pages of the rest of the index too
