"""Searching what one may read: messages of one's own conversations and every
post, by words in any case, with ё/е and accents folded, by prefix, phrases,
exclusions and filters; snippets with highlight offsets; keyset pages."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import clock, messages, posts, search
from models.communities import create_community, join
from models.db import is_sqlite
from models.search_query import parse_query


@pytest.fixture
def people(db, make_user, frozen_clock):
    return tuple(make_user(login).id for login in ("anna", "boris", "vera"))


def send(sender: int, peer: int, text: str) -> int:
    return messages.send_message(sender, peer, text, messages.new_client_id()).id


def found(user_id: int, query: str) -> list[int]:
    return [hit.message_id for hit in search.search_messages(user_id, query).items]


def found_posts(user_id: int, query: str) -> list[int]:
    return [hit.post_id for hit in search.search_posts(user_id, query).items]


# ---------------------------------------------------------------- who may see what

def test_a_message_is_found_only_by_the_members_of_its_dialog(people):
    anna, boris, vera = people
    secret = send(anna, boris, "The surprise party is on Friday")
    assert found(anna, "surprise party") == [secret]
    assert found(boris, "surprise party") == [secret]
    assert found(vera, "surprise party") == []
    assert found(vera, "surprise from:anna") == []
    assert found(vera, "surprise in:anna") == []


def test_saved_notes_are_found_by_their_owner_alone(people):
    anna, boris, _vera = people
    note = send(anna, anna, "pin code of the bike lock")
    assert found(anna, "bike") == [note]
    assert found(boris, "bike") == []


def test_a_deleted_message_is_not_found(people):
    anna, boris, _vera = people
    gone = send(anna, boris, "delete this embarrassing typo")
    kept = send(anna, boris, "an embarrassing story")
    messages.delete_message(anna, gone)
    assert found(anna, "embarrassing") == [kept]
    assert found(boris, "typo") == []


def test_an_edited_message_is_found_by_its_new_text_only(people):
    """A message edited from "secret" to "public": its old word is gone."""
    anna, boris, _vera = people
    message = send(anna, boris, "secret")
    messages.edit_message(anna, message, "public")
    assert found(anna, "secret") == []
    assert found(boris, "secret") == []
    assert found(boris, "public") == [message]


def test_every_post_is_found_by_everyone_and_a_deleted_one_by_nobody(people):
    anna, boris, vera = people
    club = create_community(boris, "Hiking club").id
    join(vera, club)
    own = posts.create_post(anna, "Походы выходного дня").id
    in_club = posts.create_post(vera, "Поход в горы", community_id=club).id
    gone = posts.create_post(boris, "Поход отменён").id
    posts.delete_post(boris, gone)
    for user in people:
        assert found_posts(user, "поход") == [in_club, own]
    assert found_posts(anna, "поход in:\"hiking club\"") == [in_club]
    assert found_posts(anna, "поход from:anna") == [own]


# ---------------------------------------------------------------- words

def test_words_match_across_case_yo_and_accents_but_not_i_with_breve(people):
    anna, boris, _vera = people
    yolki = send(anna, boris, "Ёлки зелёные")
    cafe = send(anna, boris, "Кофе в CAFÉ Müller")
    moy = send(anna, boris, "мой дом")
    assert found(anna, "елки") == found(anna, "ЁЛКИ") == found(anna, "Ёлки") == [yolki]
    assert found(anna, "зеленые") == [yolki]
    assert found(anna, "cafe muller") == found(anna, "Café MÜLLER") == [cafe]
    assert found(anna, "мой") == [moy]
    assert found(anna, "мои") == []  # й is a letter of its own, as in people search


def test_a_word_matches_by_prefix(people):
    anna, boris, _vera = people
    trips = send(anna, boris, "Походы по Карелии")
    trip = send(anna, boris, "В походе было холодно")
    assert found(anna, "поход") == [trip, trips]
    assert trips in found(anna, "походы")
    assert found(anna, "карел") == [trips]


def test_russian_and_english_word_forms_match_on_both_engines(people):
    """PostgreSQL stems (походами → поход, meetings → meet); SQLite looks the
    word up by the prefix of the same stem (``search_stems``): both find them."""
    anna, boris, _vera = people
    trip = send(anna, boris, "В походе было холодно")
    meeting = send(anna, boris, "The meeting is over")
    assert found(anna, "походами") == [trip]
    assert found(anna, "meetings") == [meeting]


def test_all_words_must_match_and_a_minus_excludes(people):
    anna, boris, _vera = people
    both = send(anna, boris, "coffee and tea")
    coffee = send(anna, boris, "just coffee")
    assert found(anna, "coffee tea") == [both]
    assert found(anna, "coffee -tea") == [coffee]


def test_a_quoted_phrase_matches_those_words_in_that_order(people):
    anna, boris, _vera = people
    right = send(anna, boris, "see you at the old bridge")
    wrong = send(anna, boris, "the bridge is old")
    assert found(anna, '"old bridge"') == [right]
    assert set(found(anna, "old bridge")) == {right, wrong}


def test_from_and_in_filters(people):
    anna, boris, vera = people
    a_to_b = send(anna, boris, "meeting at noon")
    b_to_a = send(boris, anna, "meeting moved")
    a_to_v = send(anna, vera, "meeting with Boris")
    assert found(anna, "meeting from:anna") == [a_to_v, a_to_b]
    assert found(anna, "meeting from:@BORIS") == [b_to_a]
    assert found(anna, "meeting in:boris") == [b_to_a, a_to_b]
    assert found(anna, "meeting in:vera from:anna") == [a_to_v]
    assert found(anna, "meeting from:nobody") == []
    assert found(anna, "from:boris") == [b_to_a]  # filters alone list what they select


def test_before_and_after_take_whole_days(people):
    anna, boris, _vera = people
    clock.freeze(datetime(2026, 11, 29, 23, 59))
    early = send(anna, boris, "report draft")
    clock.freeze(datetime(2026, 11, 30, 12, 0))
    middle = send(anna, boris, "report final")
    clock.freeze(datetime(2026, 12, 1, 0, 0))
    late = send(anna, boris, "report sent")
    assert found(anna, "report before:2026-11-30") == [early]
    assert found(anna, "report after:2026-11-30") == [late]
    assert found(anna, "report after:2026-11-29 before:2026-12-01") == [middle]


def test_has_keeps_messages_and_posts_with_a_picture_or_a_track(people):
    """has:image / has:track keep what carries one (alone or with words); an
    unknown kind is reported; a comment never has one."""
    from tests.models.test_attachments import a_track, prepared

    anna, boris, _vera = people
    plain = send(anna, boris, "look at this photo")
    pictured = messages.send_message(anna, boris, "the photo", messages.new_client_id(),
                                     attachments=[prepared()]).id
    only_picture = messages.send_message(anna, boris, "", messages.new_client_id(),
                                         attachments=[prepared((1, 2, 3))]).id
    song = messages.send_message(anna, boris, "a photo song", messages.new_client_id(),
                                 attachments=[a_track()]).id
    parsed = parse_query("photo has:image")
    assert parsed.has == ("image",) and parsed.words == ("photo",) and not parsed.problems
    assert found(anna, "photo") == [song, pictured, plain]
    assert found(anna, "photo has:image") == [pictured]
    assert found(boris, "has:image") == [only_picture, pictured]
    assert found(anna, "photo has:track") == [song]
    assert found(anna, "has:image has:track") == []
    post = posts.create_post(boris, "Закат", attachments=[prepared((9, 9, 9))]).id
    posts.create_post(boris, "Закат без фото")
    assert found_posts(anna, "закат has:image") == [post]
    assert parse_query("has:video").problems
    assert parse_query("before:yesterday").problems


# ---------------------------------------------------------------- results

def test_a_result_says_who_wrote_it_where_and_when_with_highlights(people):
    anna, boris, _vera = people
    send(anna, boris, "[bold]Походы[/bold] и ЁЛКИ")
    hit = search.search_messages(boris, "поход елки").items[0]
    assert hit.sender.login == "anna" and hit.peer.login == "anna"
    assert hit.created_at == clock.now()
    text = hit.snippet.text
    assert text == "[bold]Походы[/bold] и ЁЛКИ"  # literal, never parsed
    assert [text[s:e] for s, e in hit.snippet.highlights] == ["Походы", "ЁЛКИ"]


def test_a_long_text_is_cut_around_its_first_match(people):
    anna, boris, _vera = people
    send(anna, boris, "word " * 100 + "needle " + "word " * 100)
    snippet = search.search_messages(anna, "needle").items[0].snippet
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert len(snippet.text) <= 170
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["needle"]


def test_pages_follow_each_other_without_repeats(people):
    anna, boris, _vera = people
    ids = [send(anna, boris, f"note number {i}") for i in range(25)]
    first = search.search_messages(anna, "note", limit=10)
    second = search.search_messages(anna, "note", cursor=first.next_cursor, limit=10)
    third = search.search_messages(anna, "note", cursor=second.next_cursor, limit=10)
    got = [hit.message_id for page in (first, second, third) for hit in page.items]
    assert got == ids[::-1]
    assert third.next_cursor is None


def test_search_everything_fills_each_section(people, make_user):
    anna, boris, _vera = people
    make_user("hiker", "Поход", "Иванов")
    create_community(boris, "Походники")
    send(anna, boris, "поход в субботу")
    posts.create_post(boris, "Фото с похода")
    results = search.search_everything(anna, "поход")
    assert len(results.messages.items) == 1 and len(results.posts.items) == 1
    assert [p.login for p in results.people.items] == ["hiker"]
    assert [c.name for c in results.communities.items] == ["Походники"]
    assert results.tracks.items == ()


def test_an_empty_or_markup_only_query_finds_nothing(people):
    anna, boris, _vera = people
    send(anna, boris, "anything")
    assert found(anna, "") == []
    assert found(anna, '"" - * : ( )') == []


def test_a_longer_word_is_checked_whole_past_many_lookalikes(people):
    """SQLite looks a five-letter word up by its indexed four-letter prefix:
    thirty newer "похоже" (same prefix, other word) never hide the one "поход"."""
    anna, boris, _vera = people
    trip = send(anna, boris, "поход в субботу")
    for i in range(30):
        send(anna, boris, f"похоже на дождь {i}")
    page = search.search_messages(anna, "поход", limit=5)
    assert [hit.message_id for hit in page.items] == [trip]
    assert page.next_cursor is None


def test_a_single_letter_is_a_word_not_a_prefix(people):
    anna, boris, _vera = people
    me = send(anna, boris, "я тут")
    send(anna, boris, "яблоко")
    assert found(anna, "я") == [me]


def test_postgresql_folds_as_the_search_keys_do(db):
    """The index's fold on PostgreSQL (SQL, written from the Python one) gives
    text.search_key's result for mixed scripts, accents, ligatures and case."""
    from models.text import search_key

    samples = ["Ёлки ÄÖÜ Straße Œuvre ǅ ﬁ", "Привет, МИР! Café MÜLLER ½ a-b ]^\\ Łódź",
               "Σίσυφος ΣΟΦΙΑ", "Ｆｕｌｌ ｗｉｄｔｈ", "мой й Й"]
    for sample in samples:
        if is_sqlite():
            got = db.execute_sql("SELECT messenger_fold(?)", (sample,)).fetchone()[0]
        else:
            got = db.execute_sql("SELECT messenger_fold(%s)", (sample,)).fetchone()[0]
        assert got == search_key(sample), sample


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_postgresql_folds_every_mapped_letter_beside_common_ones(db):
    """Every letter the fold maps (the long map's ~2 000, the ligatures, the
    Latin and Cyrillic capitals of the short one), alone and between the
    common ones, folds as text.search_key does: the quick path for Latin and
    Cyrillic text never drops a letter the whole map would fold."""
    from models.search_fold import _foldings
    from models.text import search_key

    single, multi = _foldings()
    samples = ["Привет МИР Ёжик Hello WORLD", "ёлка"]
    # (A few marks and spacing signs fold by their neighbours — "¨" alone is
    # nothing, between letters a space — and the map has no neighbours.)
    samples += [f"Ab{char}Яё x" for char in sorted(set(single) | set(multi))
                if search_key(f"Ab{char}Яё x") == f"ab{search_key(char)}яе x"]
    assert len(samples) > 2000
    got = db.execute_sql(
        "SELECT messenger_fold(s) FROM unnest(%s::text[]) WITH ORDINALITY AS t(s, n) ORDER BY n",
        (samples,),
    ).fetchall()
    wrong = [(sample, row[0]) for sample, row in zip(samples, got, strict=True)
             if row[0] != search_key(sample)]
    assert wrong == []


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.postgresql
def test_the_version_14_step_writes_the_quick_fold(db):
    """A PostgreSQL database at version 13 (whose fold ran the whole map over
    every letter) is upgraded to the two-path fold, with the same results."""
    from models import migrations
    from models.search_fold import fold_sql_function

    slow = ("CREATE OR REPLACE FUNCTION messenger_fold(text) RETURNS text LANGUAGE sql "
            "IMMUTABLE STRICT AS $f$ SELECT translate($1, 'ABCЁ', 'abcе') $f$")
    db.execute_sql(slow)
    db.execute_sql("UPDATE meta SET value = '13' WHERE key = 'schema_version'")
    assert migrations.upgrade(db) == (13, migrations.SCHEMA_VERSION)
    definition = db.execute_sql(
        "SELECT prosrc FROM pg_proc WHERE proname = 'messenger_fold'").fetchone()[0]
    assert definition.strip() in fold_sql_function().replace("%%", "%")
    sample = "Ёлки ÄÖÜ Straße Привет"
    assert db.execute_sql("SELECT messenger_fold(%s)", (sample,)).fetchone()[0] == "елки aou strasse привет"
