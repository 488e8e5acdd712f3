"""Now playing: "♪ Title — Artist" of people who chose to show it, while it plays.

Off unless the person switches it on; shown to whom may see when they were
online, never across a block; gone at once when cleared, and by itself when the
app that wrote it stops refreshing (a crash, a killed process).
"""

# ruff: noqa: F811 - pytest fixtures imported from test_activity are arguments here
from __future__ import annotations

import textwrap
from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries

from models import blocks, clock, friends, migrations, now_playing, profiles, settings
from models.db import close_database, database, open_database
from models.errors import ValidationError
from models.schema import Meta, NowPlaying, Setting, User
from models.views import NowPlaying as Playing
from tests.models.child_process import kill_hard, python_child
from tests.models.test_activity import people  # noqa: F401 - a fixture


def later(**delta):
    clock.freeze(clock.now() + timedelta(**delta))


def shows(user_id):
    settings.save_settings(user_id, now_playing=True)


def test_off_by_default_so_nothing_is_shown(db, people):
    """Борис never chose to show it: his player writing changes nothing for Анна."""
    anna, boris, _ = people
    assert settings.user_settings(boris).now_playing is False
    now_playing.publish(boris, "Kalinka", "Folk")
    assert now_playing.now_playing_of(anna, [boris]) == {}
    shows(boris)
    assert now_playing.now_playing_of(anna, [boris]) == {boris: Playing("Kalinka", "Folk")}


def test_switched_off_elsewhere_hides_it_at_once(db, people):
    """Another app of Борис's may still refresh the row: the setting wins."""
    anna, boris, _ = people
    shows(boris)
    now_playing.publish(boris, "Kalinka", "Folk")
    settings.save_settings(boris, now_playing=False)
    assert now_playing.now_playing_of(anna, [boris]) == {}


def test_it_expires_unless_refreshed(db, people):
    """A refresh every 30 s keeps it; once a refresh is missed it is gone by
    itself (the clock moved, nothing written)."""
    anna, boris, _ = people
    shows(boris)
    now_playing.publish(boris, "Kalinka", "Folk")
    later(seconds=now_playing.REFRESH_EVERY)
    assert boris in now_playing.now_playing_of(anna, [boris])
    now_playing.publish(boris, "Kalinka", "Folk")  # the refresh
    later(seconds=now_playing.REFRESH_EVERY)
    assert boris in now_playing.now_playing_of(anna, [boris])
    later(seconds=now_playing.SHOWN_FOR.total_seconds() - now_playing.REFRESH_EVERY + 1)
    assert now_playing.now_playing_of(anna, [boris]) == {}
    assert now_playing.SHOWN_FOR.total_seconds() < 2 * now_playing.REFRESH_EVERY


def test_cleared_is_gone_at_once_and_a_new_track_replaces_the_old(db, people):
    anna, boris, _ = people
    shows(boris)
    now_playing.publish(boris, "Kalinka", "Folk")
    now_playing.publish(boris, "Katyusha", "")
    assert now_playing.now_playing_of(anna, [boris]) == {boris: Playing("Katyusha", "")}
    assert NowPlaying.select().count() == 1
    now_playing.clear(boris)
    assert now_playing.now_playing_of(anna, [boris]) == {}


def test_a_block_either_way_hides_it(db, people):
    anna, boris, vera = people
    shows(boris)
    now_playing.publish(boris, "Kalinka", "Folk")
    blocks.block(boris, anna)  # Борис blocked Анна: she does not see him
    assert now_playing.now_playing_of(anna, [boris]) == {}
    assert boris in now_playing.now_playing_of(vera, [boris])
    blocks.unblock(boris, anna)
    blocks.block(anna, boris)  # and whom Анна blocked she does not see either
    assert now_playing.now_playing_of(anna, [boris]) == {}
    assert profiles.get_profile_for(anna, boris).now_playing is None


def test_it_follows_who_may_see_when_i_was_online(db, people):
    """Who may not see when Борис was online does not see what he plays (it
    would tell them he is online); who hides their own sees nobody's."""
    anna, boris, vera = people
    shows(boris)
    now_playing.publish(boris, "Kalinka", "Folk")
    friends.send_request(boris, anna)
    friends.accept_request(anna, boris)
    settings.save_settings(boris, last_seen="friends")
    assert boris in now_playing.now_playing_of(anna, [boris])
    assert now_playing.now_playing_of(vera, [boris]) == {}
    settings.save_settings(boris, last_seen="nobody")
    assert now_playing.now_playing_of(anna, [boris]) == {}
    settings.save_settings(boris, last_seen="everybody", now_playing=True)
    settings.save_settings(vera, last_seen="nobody")
    assert now_playing.now_playing_of(vera, [boris]) == {}
    assert boris in now_playing.now_playing_of(anna, [boris])


def test_the_text_is_cleaned_and_kept_short(db, people):
    """A title from a file's tags is the uploader's text: no escapes reach a
    viewer's terminal, markup stays literal, and it fits its column."""
    anna, boris, _ = people
    shows(boris)
    now_playing.publish(boris, "\x1b[31mRed\x07 [b]song[/b]\u202e", "A\nB" + "x" * 500)
    seen = now_playing.now_playing_of(anna, [boris])[boris]
    assert seen.title == "[31mRed [b]song[/b]"  # no ESC: nothing a terminal obeys
    assert seen.artist.startswith("A B") and len(seen.artist) == now_playing.MAX_TEXT
    # Written by another program, past the app: cleaned again when read.
    NowPlaying.update(title="\x1b]0;pwned\x07Song").execute()
    assert now_playing.now_playing_of(anna, [boris])[boris].title == "]0;pwnedSong"


def test_the_profile_shows_it_to_others_only(db, people):
    anna, boris, _ = people
    shows(boris)
    now_playing.publish(boris, "Kalinka", "Folk")
    assert profiles.get_profile_for(anna, boris).now_playing == Playing("Kalinka", "Folk")
    assert profiles.get_profile_for(boris, boris).now_playing is None
    assert now_playing.now_playing_of(boris, [boris]) == {}


def test_a_page_of_people_costs_one_query(db, make_user, frozen_clock):
    viewer = make_user("viewer").id
    ids = [make_user(f"p{n}").id for n in range(30)]
    for user_id in ids[::2]:
        shows(user_id)
        now_playing.publish(user_id, f"Song {user_id}", "Band")
    with count_queries() as counter:
        found = now_playing.now_playing_of(viewer, ids)
    assert counter.count == 1
    assert sorted(found) == ids[::2]


def test_the_setting_is_on_or_off(db, people):
    anna, _, _ = people
    with pytest.raises(ValidationError):
        settings.save_settings(anna, now_playing="yes")
    Setting.delete().where(Setting.user == anna).execute()
    Setting.insert(user=anna, key="now_playing", value="maybe").execute()
    assert settings.user_settings(anna).now_playing is False


def test_a_missing_account_is_ignored(db, frozen_clock):
    now_playing.publish(12345, "Kalinka", "Folk")
    assert NowPlaying.select().count() == 0


_PLAYING_APP = textwrap.dedent("""
    import sys, time
    from models import now_playing
    from models.db import open_database
    open_database(sys.argv[1])
    now_playing.publish(int(sys.argv[2]), "Kalinka", "Folk")
    print("playing", flush=True)
    while True:
        time.sleep(now_playing.REFRESH_EVERY)
        now_playing.publish(int(sys.argv[2]), "Kalinka", "Folk")
""")


def test_a_killed_app_stops_showing_it_by_itself(db, db_url, make_user):
    """A real process plays for Борис and is killed with SIGKILL (nothing
    cleared): once its refresh is missed, nobody sees a stale track."""
    anna, boris = make_user("anna").id, make_user("boris").id
    shows(boris)
    with python_child(_PLAYING_APP, db_url, str(boris)) as child:
        assert child.stdout.readline().strip() == "playing"
        assert boris in now_playing.now_playing_of(anna, [boris])
        until = NowPlaying.get(NowPlaying.user == boris).until
        kill_hard(child)
    assert boris in now_playing.now_playing_of(anna, [boris])  # within its refresh
    clock.freeze(until + timedelta(seconds=1))
    try:
        assert now_playing.now_playing_of(anna, [boris]) == {}
    finally:
        clock.freeze(None)
    assert NowPlaying.get(NowPlaying.user == boris).until == until  # nobody wrote


def test_a_version_ten_database_with_data_is_upgraded(db_url, frozen_clock):
    """Steps 1–10 as they are, a person and a setting in it; opening it adds
    ``now_playing`` and keeps them."""
    db = open_database(db_url, upgrade=False)
    with db.atomic():
        for step in sorted(v for v in migrations.STEPS if v <= 10):
            migrations.STEPS[step](db)
        Meta.insert(key="schema_version", value="10").execute()
    vera = User.insert(login="vera", login_key="vera", password_hash="!", first_name="Vera",
                       last_name="Old", first_key="vera", last_key="old",
                       created_at=clock.now()).execute()
    pavel = User.insert(login="pavel", login_key="pavel", password_hash="!", first_name="Pavel",
                        last_name="Old", first_key="pavel", last_key="old",
                        created_at=clock.now()).execute()
    db.execute_sql(f"INSERT INTO setting (user_id, key, value) VALUES ({vera}, 'volume', '0.5')")
    close_database()
    try:
        db = open_database(db_url, upgrade=False)
        assert "now_playing" not in db.get_tables()
        close_database()
        db = open_database(db_url)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert "now_playing" in db.get_tables()
        assert settings.user_settings(vera).volume == 0.5
        shows(vera)
        now_playing.publish(vera, "Kalinka", "Folk")
        assert now_playing.now_playing_of(pavel, [vera]) == {vera: Playing("Kalinka", "Folk")}
        User.delete().where(User.id == vera).execute()  # the row goes with the person
        assert NowPlaying.select().count() == 0
    finally:
        close_database()
        database.initialize(None)
