"""Presence: "online" / "last seen …" as each viewer may know it.

A running app beats every 30 s; a clean log-out ends "online" at once, a crash
ends it by itself (no write needed). Who sees it is each person's setting;
a person who shows it to nobody sees nobody else's either.
"""

# ruff: noqa: F811 - pytest fixtures imported from test_activity are arguments here
from __future__ import annotations

import textwrap
from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries

from models import accounts, clock, friends, migrations, presence, settings
from models.db import close_database, database, open_database
from models.errors import ValidationError
from models.schema import Meta, User
from tests.models.child_process import kill_hard, python_child
from tests.models.test_activity import people  # noqa: F401 - a fixture


def later(**delta):
    clock.freeze(clock.now() + timedelta(**delta))


def test_a_heartbeat_makes_one_online_until_the_beats_stop(db, people):
    """Борис's app beats: Анна sees him online; two missed beats later he is
    offline by himself, last seen at his last beat."""
    anna, boris, _ = people
    assert presence.presence_of(anna, [boris])[boris].online is False
    presence.heartbeat(boris)
    beat = clock.now()
    seen = presence.presence_of(anna, [boris])[boris]
    assert seen.online and seen.last_seen_at == beat
    later(seconds=presence.HEARTBEAT_EVERY)
    assert presence.presence_of(anna, [boris])[boris].online
    later(seconds=presence.ONLINE_FOR.total_seconds())
    seen = presence.presence_of(anna, [boris])[boris]
    assert seen.online is False and seen.last_seen_at == beat


def test_log_in_and_log_out_change_presence_at_once(db, frozen_clock):
    """Logging in puts a person online; logging out takes them offline now,
    not when the last beat runs out."""
    password = "correct horse battery staple again"
    anna = accounts.register("anna", "Анна", "Иванова", password).user.id
    boris = accounts.register("boris", "Борис", "Петров", password).user.id
    accounts.log_in("boris", password)
    assert presence.presence_of(anna, [boris])[boris].online
    later(seconds=5)
    accounts.log_out(boris)
    seen = presence.presence_of(anna, [boris])[boris]
    assert seen.online is False and seen.last_seen_at == clock.now()


def test_who_sees_it_follows_each_persons_setting(db, people):
    """Борис shows it to friends only: Анна (a friend) sees it, Vera does not.
    Then nobody: not even Анна."""
    anna, boris, vera = people
    friends.send_request(anna, boris)
    friends.accept_request(boris, anna)
    presence.heartbeat(boris)
    settings.save_settings(boris, last_seen="friends")
    assert boris in presence.presence_of(anna, [boris])
    assert presence.presence_of(vera, [boris]) == {}
    settings.save_settings(boris, last_seen="nobody")
    assert presence.presence_of(anna, [boris]) == {}
    settings.save_settings(boris, last_seen="everybody")
    assert presence.presence_of(vera, [boris])[boris].online


def test_a_request_not_yet_accepted_is_no_friendship(db, people):
    anna, boris, _ = people
    friends.send_request(anna, boris)
    settings.save_settings(boris, last_seen="friends")
    assert presence.presence_of(anna, [boris]) == {}


def test_who_hides_it_sees_nobody_elses(db, people):
    """Анна shows hers to nobody: she sees neither Борис's nor Vera's, though
    they show theirs to everybody."""
    anna, boris, vera = people
    presence.heartbeat(boris)
    settings.save_settings(anna, last_seen="nobody")
    assert presence.presence_of(anna, [boris, vera]) == {}
    assert anna not in presence.presence_of(boris, [anna])


def test_the_profile_hides_last_seen_from_who_may_not_see_it(db, people):
    from models import profiles

    anna, boris, vera = people
    presence.heartbeat(boris)
    settings.save_settings(boris, last_seen="nobody")
    profile = profiles.get_profile(boris, viewer_id=anna)
    assert profile.last_seen_at is None and profile.presence is None
    settings.save_settings(boris, last_seen="everybody")
    profile = profiles.get_profile(boris, viewer_id=vera)
    assert profile.presence.online and profile.last_seen_at == clock.now()


def test_many_people_cost_one_query(db, make_user, frozen_clock):
    """A page of dialogs asks about fifty people at once: one query."""
    me = make_user("me").id
    others = [make_user(f"p{i}").id for i in range(50)]
    for other in others[::2]:
        presence.heartbeat(other)
    with count_queries() as counter:
        seen = presence.presence_of(me, others)
    assert counter.count == 1
    assert sorted(u for u, p in seen.items() if p.online) == sorted(others[::2])


def test_the_setting_takes_only_its_three_values(db, people):
    anna, _, _ = people
    assert settings.user_settings(anna).last_seen == "everybody"
    with pytest.raises(ValidationError):
        settings.save_settings(anna, last_seen="enemies")
    assert settings.save_settings(anna, last_seen="friends").last_seen == "friends"


_BEATING_APP = textwrap.dedent("""
    import sys, time
    from models import presence
    from models.db import open_database
    open_database(sys.argv[1])
    presence.heartbeat(int(sys.argv[2]))
    print("beating", flush=True)
    while True:
        time.sleep(presence.HEARTBEAT_EVERY)
        presence.heartbeat(int(sys.argv[2]))
""")


def test_a_killed_app_goes_offline_by_itself(db, db_url, make_user):
    """A real process beats for Борис and is killed with SIGKILL (no log-out,
    nothing written after): once two beats are missed he is offline, and
    nobody had to write anything for it."""
    anna, boris = make_user("anna").id, make_user("boris").id
    with python_child(_BEATING_APP, db_url, str(boris)) as child:
        assert child.stdout.readline().strip() == "beating"
        assert presence.presence_of(anna, [boris])[boris].online
        row_before = User.select(User.last_seen_at, User.online_until).where(
            User.id == boris).tuples().first()
        kill_hard(child)
    assert presence.presence_of(anna, [boris])[boris].online  # still within its beat
    clock.freeze(row_before[0] + presence.ONLINE_FOR + timedelta(seconds=1))
    try:
        seen = presence.presence_of(anna, [boris])[boris]
        assert seen.online is False and seen.last_seen_at == row_before[0]
    finally:
        clock.freeze(None)
    assert User.select(User.last_seen_at, User.online_until).where(
        User.id == boris).tuples().first() == row_before


def _version_four_database(url: str) -> tuple[int, int]:
    """A database as version 4 left it (no ``online_until``, no ``typing``), with
    two people and a last-seen time in it."""
    db = open_database(url, upgrade=False)
    with db.atomic():
        for step in (1, 2, 3, 4):
            migrations.STEPS[step](db)
        db.execute_sql('ALTER TABLE "user" DROP COLUMN "online_until"')
        Meta.insert(key="schema_version", value="4").execute()
    ids = tuple(
        User.insert(login=login, login_key=login, password_hash="!", first_name=login,
                    last_name="Old", first_key=login, last_key="old",
                    created_at=clock.now(), last_seen_at=clock.now()).execute()
        for login in ("vera", "pavel")
    )
    close_database()
    return ids


def test_a_version_four_database_is_upgraded_to_presence(db_url, frozen_clock):
    vera, pavel = _version_four_database(db_url)
    try:
        db = open_database(db_url, upgrade=False)
        assert migrations.current_version(db) == 4
        assert "online_until" not in {c.name for c in db.get_columns("user")}
        assert "typing" not in db.get_tables()
        close_database()
        db = open_database(db_url)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert "typing" in db.get_tables()
        seen = presence.presence_of(vera, [pavel])[pavel]
        assert seen.online is False and seen.last_seen_at == frozen_clock
        presence.heartbeat(pavel)
        assert presence.presence_of(vera, [pavel])[pavel].online
        assert migrations.upgrade(db) == (migrations.SCHEMA_VERSION, migrations.SCHEMA_VERSION)
    finally:
        close_database()
        database.initialize(None)
