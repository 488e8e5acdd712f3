"""The demo community (`messenger demo`): what a person who logs in as anna or
michail finds, and that the data set is documented and loads all or nothing."""

from __future__ import annotations

import functools
import json
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from models import (
    accounts,
    clock,
    communities,
    demo,
    dialogs,
    friends,
    maintenance,
    passwords,
    posts,
    profiles,
)
from models.db import close_database, database, open_database
from models.errors import ConflictError, DomainError
from music import synth
from tests.conftest import FROZEN_NOW

DATA = Path(__file__).resolve().parents[2] / "data"
PEOPLE = json.loads((DATA / "people.json").read_text(encoding="utf-8"))


_demo_tunes = functools.cache(synth.demo_tracks)  # deterministic; synthesised once per run


@pytest.fixture(autouse=True)
def tunes_once(monkeypatch):
    monkeypatch.setattr(synth, "demo_tracks", _demo_tunes)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    """One demo database per test module (loading costs a second or two)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(synth, "demo_tracks", _demo_tunes)
        mp.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024,
                                                        parallelism=1))
        clock.freeze(FROZEN_NOW)
        try:
            open_database(url)
            report = demo.load_demo()
        finally:
            clock.freeze(None)
            close_database()
            database.initialize(None)
    return url, report


@pytest.fixture
def loaded(demo_url, frozen_clock):
    url, report = demo_url
    open_database(url)
    ids = {a.user.login: a.user.id for a in maintenance.list_users()}
    yield report, ids
    close_database()
    database.initialize(None)


def test_a_dozen_people_with_russian_and_latin_names(loaded):
    """The people list has at least twelve people, written in Cyrillic and in Latin."""
    report, ids = loaded
    accounts_ = maintenance.list_users()
    assert len(accounts_) >= 12 and len(report.logins) == len(accounts_)
    names = [a.user.full_name for a in accounts_]
    assert "Анна Иванова" in names and "Michail Petrov" in names
    assert any(any("а" <= ch <= "я" for ch in n.lower()) for n in names)
    assert sum(all(ord(ch) < 0x400 for ch in n) for n in names) >= 4


def test_anna_and_michail_log_in_with_the_documented_password(loaded):
    """The password printed by `messenger demo` and written in data/README.md lets
    anna and michail in; a wrong one does not."""
    report, ids = loaded
    assert report.password == demo.DEMO_PASSWORD
    assert len(demo.DEMO_PASSWORD) >= passwords.MIN_LENGTH
    assert demo.DEMO_PASSWORD in (DATA / "README.md").read_text(encoding="utf-8")
    assert accounts.log_in("anna", demo.DEMO_PASSWORD).id == ids["anna"]
    assert accounts.log_in("Michail", demo.DEMO_PASSWORD).id == ids["michail"]
    with pytest.raises(DomainError):
        accounts.log_in("anna", "correct-horse-battery-demo!")


def test_every_login_is_documented(loaded):
    """data/README.md lists every demo login."""
    report, _ids = loaded
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert [p["login"] for p in PEOPLE] == list(report.logins)
    for login in report.logins:
        assert f"`{login}`" in readme


def test_profiles_have_cities_birthdays_about_and_drawn_avatars(loaded):
    """Opening anna's profile shows her city, birthday, about text and a picture;
    alex, who filled nothing in, gets the initials avatar."""
    _report, ids = loaded
    anna = profiles.get_profile(ids["anna"])
    assert anna.city == "Москва" and str(anna.birthday) == "1995-04-12"
    assert "Python" in anna.about and anna.user.avatar_id is not None
    assert anna.created_at < FROZEN_NOW
    olga = profiles.get_profile(ids["olga"])
    assert olga.last_seen_at == FROZEN_NOW - timedelta(hours=3)  # "seen 3 hours ago"
    with_avatar = {p["login"] for p in PEOPLE if p["avatar"]}
    refs = {a.user.login: a.user for a in maintenance.list_users()}
    assert {login for login, ref in refs.items() if ref.avatar_id} == with_avatar
    assert len({refs[login].avatar_id for login in with_avatar}) == len(with_avatar)
    alex = profiles.get_profile(ids["alex"])
    assert alex.user.avatar_id is None and alex.about == "" and alex.birthday is None


def test_anna_has_friends_and_requests_both_ways(loaded):
    """anna's friends page shows five friends, two people asking her, and her own
    pending request, as documented."""
    _report, ids = loaded
    anna = ids["anna"]
    assert {u.login for u in friends.friends(anna)} == {"michail", "olga", "natasha", "john", "ivan"}
    assert {u.login for u in friends.incoming_requests(anna)} == {"dmitry", "lukas"}
    assert {u.login for u in friends.outgoing_requests(anna)} == {"sophie"}
    assert {u.login for u in friends.incoming_requests(ids["michail"])} == {"maria"}


def test_three_communities_with_members_and_posts(loaded):
    """The communities page lists three communities, each with members and posts."""
    _report, ids = loaded
    page = communities.all_communities(ids["anna"])
    assert len(page.items) == 3
    for community in page.items:
        assert community.member_count >= 5
        assert posts.community_posts(ids["anna"], community.id).items
    mine = {c.name for c in communities.my_communities(ids["anna"])}
    assert mine == {"Python в терминале", "Горы и походы", "Book Club"}


def test_the_feed_is_spread_over_recent_days_with_likes(loaded):
    """The everyone-feed starts with the newest post, spans several days before the
    load, and shows likes."""
    report, ids = loaded
    items = []
    cursor = None
    while True:
        page = posts.feed_everyone(ids["anna"], cursor=cursor, limit=50)
        items.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(items) == report.posts >= 15
    times = [p.created_at for p in items]
    assert times == sorted(times, reverse=True)
    assert times[0] < FROZEN_NOW and (FROZEN_NOW - times[-1]).days >= 4
    assert sum(p.like_count > 0 for p in items) >= 10
    assert any(p.community_name for p in items) and any(not p.community_name for p in items)


def test_anna_and_michail_have_dialogs_with_history(loaded):
    """anna's dialog list shows several conversations (saved notes among them) with
    unread badges; her chat with michail has replies quoting earlier messages."""
    report, ids = loaded
    anna, michail = ids["anna"], ids["michail"]
    summaries = dialogs.dialog_list(anna).items
    peers = {s.peer.login: s for s in summaries if s.kind == "pair"}
    assert set(peers) == {"michail", "olga", "natasha", "john", "anna"}
    assert peers["olga"].unread_count == 2 and peers["michail"].unread_count == 1
    assert dialogs.unread_total(anna) == 3 + 2 + 2  # and her two groups' unread
    chat = dialogs.history(anna, michail, limit=50)
    assert len(chat) == 12
    assert [m.seq for m in chat] == list(range(12, 0, -1))
    assert sum(m.reply_to_id is not None for m in chat) >= 2
    assert all(m.reply_preview for m in chat if m.reply_to_id is not None)
    assert len(dialogs.dialog_list(michail).items) >= 4
    assert report.messages >= 30


def test_demo_groups_have_history_system_lines_and_mentions(loaded):
    """anna is in three groups, listed among her dialogs; «Поход на Эльбрус» has
    days of history with system lines (made, added, admin, renamed) and a mention
    of her still unread; alex, removed from the Python chat, sees it read only."""
    from models import conversations

    _, ids = loaded
    mine = {s.title: s for s in dialogs.dialog_list(ids["anna"]).items if s.kind == "group"}
    assert set(mine) == {"Поход на Эльбрус", "Book Club: June read", "Python в терминале — чат"}
    hike = mine["Поход на Эльбрус"]
    assert (hike.member_count, hike.unread_count, hike.mention_count, hike.role) == (
        4, 2, 1, "owner")
    chat = conversations.history_of(ids["anna"], hike.dialog_id, limit=100)
    events = [m.system.event for m in reversed(chat) if m.kind == "system"]
    assert events == ["created", "added", "admin_granted", "renamed"]
    assert (chat[0].created_at.date() - chat[-1].created_at.date()).days >= 2  # three days
    assert {m.sender.login for m in chat if m.kind == "text"} == {
        "anna", "michail", "olga", "dmitry"}
    (removed,) = dialogs.dialog_list(ids["alex"]).items
    assert removed.read_only and removed.last_system.event == "removed"


def test_demo_music_is_in_the_catalogue_libraries_and_playlists(loaded):
    """The music section has the three synthesised tracks; anna has two of them in
    her library and a playlist."""
    from models import playlists, tracks

    report, ids = loaded
    assert report.tracks >= 3
    titles = {t.title for t in tracks.all_tracks(ids["anna"])}
    assert {"Morning Walk", "Вечерний вальс", "Northern Lights"} <= titles
    assert {t.title for t in tracks.my_tracks(ids["anna"])} == {"Northern Lights", "Вечерний вальс"}
    lists = {p.name: p for p in playlists.playlists(ids["anna"])}
    assert lists["Для прогулок"].track_count == 2


def test_the_loaded_database_passes_the_integrity_check(loaded):
    """`messenger db check` finds nothing wrong after the demo load."""
    assert maintenance.check_database() == []


def test_loading_twice_is_refused_and_changes_nothing(loaded):
    """A second `messenger demo` says the demo is already there and adds nobody."""
    report, _ids = loaded
    before = maintenance.count_users()
    with pytest.raises(ConflictError) as err:
        demo.load_demo()
    assert "already loaded" in err.value.message
    assert maintenance.count_users() == before == len(report.logins)


def test_a_load_that_fails_half_way_leaves_an_empty_database(db, monkeypatch):
    """If something in the data is refused, the demo loads nothing at all, and
    the clock is not left frozen."""
    real = demo.read_data

    def broken(name):
        data = real(name)
        if name == "posts":  # alex is not a member of the Book Club
            data = [*data, {"author": "alex", "hours_ago": 1, "community": "Book Club",
                            "text": "hi", "likes": []}]
        return data

    monkeypatch.setattr(demo, "read_data", broken)
    with pytest.raises(DomainError):
        demo.load_demo()
    assert maintenance.count_users() == 0
    assert maintenance.check_database() == []
    assert clock._frozen is None


def test_the_demo_shares_a_track_in_a_dialog_and_on_a_wall(loaded):
    """anna sent natasha "Вечерний вальс" (the newest message there, unread by
    natasha); michail's newest post carries "Morning Walk"; both are the
    catalogue's own tracks, not copies."""
    from models import tracks

    _report, ids = loaded
    newest = dialogs.history(ids["natasha"], ids["anna"], limit=1)[0]
    assert newest.sender.login == "anna"
    assert [(a.kind, a.track.title) for a in newest.attachments] == [("track", "Вечерний вальс")]
    natasha = {s.peer.login: s for s in dialogs.dialog_list(ids["natasha"]).items
               if s.kind == "pair"}
    assert natasha["anna"].unread_count >= 1
    post = posts.posts_by_author(ids["anna"], ids["michail"]).items[0]
    assert [(a.kind, a.track.title) for a in post.attachments] == [("track", "Morning Walk")]
    catalogue = {t.title: t.id for t in tracks.all_tracks(ids["anna"])}
    assert newest.attachments[0].track.id == catalogue["Вечерний вальс"]
    assert post.attachments[0].track.id == catalogue["Morning Walk"]
    feed = posts.feed_following(ids["anna"]).items
    assert feed[0].id == post.id  # the newest post in anna's feed


def test_the_demo_has_comments_with_a_reply_and_a_repost(db, frozen_clock):
    """Two posts carry comments (one a quoted reply), and anna reposted michail's post."""
    from models import comments, demo, posts
    from models.schema import Comment, User

    demo.load_demo()
    anna = User.get(User.login == "anna").id
    commented = {c.post_id for c in Comment.select(Comment.post.alias("post_id"))}
    assert len(commented) == 2
    page = comments.comments_page(anna, sorted(commented)[0])
    assert any(c.reply_to is not None for c in page.items)
    shared = [p for p in posts.posts_by_author(anna, anna).items if p.is_repost]
    assert len(shared) == 1 and shared[0].original.author.login == "michail"
