"""What a person may type into a search, however odd, gives a page of
results (maybe empty) on both engines — never an engine error — and a
search never finds what the searcher may not read."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import blocks, chat_search, clock, comments, messages, posts, search

HOSTILE = [
    '"', '""', '"abc', 'abc"', "*", "a*", "^", "^abc", "NEAR(a b)", "body:x", "scope:d1",
    "AND", "OR", "NOT", "a AND b", "a OR", "NOT a", "-", "--", "-a", "- -", ":", "from:",
    "from: x", 'in:"', 'in:"grp', "before:2026-13-45", "after:9999-12-31", "before:9999-12-31",
    "after:99999-01-01", "before:0001-01-01", "after:0001-01-01", "x" * 10_000,
    " ".join(f"w{i}" for i in range(3000)), "!!!???", "(((", ")", "{}", "😀", "😀 ёлка", "\x00",
    "a\x00b", "\x1b[2J", "[red]x[/]", "[b]", "ЁЛКА", "'", "a'b", "\\", "%", "_", "a:b:c",
    '-"x y"', "has:", "has:foo", "from:nobody", "in:nobody", "&", "|", "!", "<->", ":*",
    "a:*", "'a':*", "e-mail", "-x -y", 'in:""', '"a" "b"', "ß", "ﬁ", "\u0301", "a\u0301",
    "\u200b", "\ufeff", "\r\n",
]


@pytest.fixture
def people(db, make_user, frozen_clock):
    return tuple(make_user(login).id for login in ("anna", "boris", "vera"))


def test_every_odd_query_gives_a_page_in_every_section_and_in_a_chat(people):
    anna, boris, _vera = people
    sent = messages.send_message(anna, boris, "ёлка [red]x[/] e-mail", messages.new_client_id())
    post = posts.create_post(anna, "ёлка [red]x[/] \x1b[2J e-mail")
    comments.add_comment(boris, post.id, "ёлка [b]bold")
    for query in HOSTILE:
        search.search_everything(anna, query)
        for section in search.SECTIONS:
            search.search_section(anna, section, query, None, 5)
        for direction in (chat_search.OLDER, chat_search.NEWER):
            chat_search.next_match(anna, sent.dialog_id, query, None, direction)
            chat_search.next_match(anna, sent.dialog_id, query, sent.id, direction)


def test_after_the_last_day_there_is_finds_nothing_and_before_it_everything(people):
    anna, boris, _vera = people
    clock.freeze(datetime(2026, 11, 30, 12, 0))
    sent = messages.send_message(anna, boris, "report", messages.new_client_id()).id
    assert search.search_messages(anna, "report after:9999-12-31").items == ()
    assert [h.message_id for h in search.search_messages(anna, "report before:9999-12-31").items] \
        == [sent]


def test_a_post_of_someone_who_blocked_me_is_not_found_as_the_feed_hides_it(people):
    anna, boris, vera = people
    hidden = posts.create_post(boris, "поход в горы").id
    shown = posts.create_post(vera, "поход на озеро").id
    blocks.block(boris, anna)  # boris blocked anna
    assert [h.post_id for h in search.search_posts(anna, "поход").items] == [shown]
    assert [h.post_id for h in search.search_posts(vera, "поход").items] == [shown, hidden]
    assert [h.post_id for h in search.search_posts(boris, "поход").items] == [shown, hidden]
    assert search.search_everything(anna, "горы").posts.items == ()


def test_who_left_a_group_finds_only_what_was_said_while_they_were_in(people):
    from models import groups

    anna, boris, vera = people
    group = groups.create_group(anna, "Book club", [boris, vera])
    say = messages.send_to_dialog
    before = say(anna, group, "meeting on Monday", messages.new_client_id(), None).id
    groups.leave_group(vera, group)
    after = say(anna, group, "meeting moved to Tuesday", messages.new_client_id(), None).id
    assert [h.message_id for h in search.search_messages(vera, "meeting").items] == [before]
    assert [h.message_id for h in search.search_messages(anna, "meeting").items] == [after, before]
    assert chat_search.next_match(vera, group, "tuesday") is None
    assert search.search_messages(vera, "meeting", dialog_id=group).items[0].message_id == before


def test_a_long_word_past_many_lookalike_posts_is_found_with_blocks_applied(people):
    """SQLite asks a long word by a shorter prefix and reads on past the rows
    that only share it: the reading on keeps the block filter and its cursor."""
    anna, boris, vera = people
    wanted = posts.create_post(vera, "abcdefgh").id
    posts.create_post(boris, "abcdefgh from a blocker")
    for i in range(30):
        posts.create_post(vera, f"abcdefxx {i}")
    blocks.block(boris, anna)
    assert [h.post_id for h in search.search_posts(anna, "abcdefgh").items] == [wanted]


def test_from_with_an_at_sign_and_no_login_is_named_not_dropped(people):
    """``from:@`` named no one and was silently ignored: the search ran as if
    everyone's words were wanted. Now the query says what is missing."""
    from models.search_query import parse_query

    parsed = parse_query("report from:@")
    assert parsed.from_login is None
    assert [str(p) for p in parsed.problems] == ["from: takes a login, such as from:anna."]
    assert parse_query("report from:@anna").from_login == "anna"


def test_in_takes_a_login_with_an_at_sign_as_from_does(people):
    anna, boris, vera = people
    to_boris = messages.send_message(anna, boris, "report one", messages.new_client_id()).id
    messages.send_message(anna, vera, "report two", messages.new_client_id())
    for query in ("report in:boris", "report in:@boris", "report in:@Boris"):
        assert [h.message_id for h in search.search_messages(anna, query).items] == [to_boris]
