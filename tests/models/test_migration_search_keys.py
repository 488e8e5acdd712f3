"""Upgrading a version-1 database to accent-free search keys (schema step 2).

A version-1 database stored names with their accents in the search keys and
had no columns for the other spelling; after the upgrade "muller" and
"mueller" find the Müller it holds, and every login still logs in.
"""

from __future__ import annotations

from models import accounts, communities, migrations, people, tracks
from models.db import close_database, open_database
from models.text import identity_key
from music.synth import tone, with_tags

PASSWORD = "violet kettle under the piano"


def _make_version_one(db) -> None:
    """Turn today's database into what version 1 was: no new columns or
    indexes, search keys as version 1 computed them, schema_version 1."""
    run = db.execute_sql
    for index in ("user_first_alt_key", "user_last_alt_key"):
        run(f'DROP INDEX "{index}"')
    for table, column in (("user", "first_alt_key"), ("user", "last_alt_key"),
                          ("track", "alt_key"), ("community", "name_search")):
        run(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    for user_id, first, last in run('SELECT id, first_name, last_name FROM "user"').fetchall():
        run('UPDATE "user" SET first_key = %s, last_key = %s WHERE id = %s'.replace(
            "%s", db.param), (identity_key(first), identity_key(last), user_id))
    for track_id, title, artist in run('SELECT id, title, artist FROM "track"').fetchall():
        run('UPDATE "track" SET title_key = %s, artist_key = %s WHERE id = %s'.replace(
            "%s", db.param), (identity_key(title), identity_key(artist), track_id))
    # A login from before logins were ASCII-only (version 1 allowed any letters).
    run('UPDATE "user" SET login = %s, login_key = %s WHERE login = %s'.replace("%s", db.param),
        ("Jürgen", identity_key("Jürgen"), "jmuller"))
    run("UPDATE meta SET value = '1' WHERE key = 'schema_version'")


def test_a_version_one_database_with_a_muller_is_upgraded(db_url, tmp_path):
    """Müller, registered under version 1, is found as "muller" and "mueller"
    after the upgrade; his old non-ASCII login still logs in; the community
    and the track he made are found without accents too."""
    db = open_database(db_url)
    try:
        user = accounts.register("jmuller", "Jürgen", "Müller", PASSWORD).user
        accounts.register("hmueller", "Hans", "Mueller", PASSWORD)
        communities.create_community(user.id, "Café Müller")
        song = tmp_path / "song.wav"
        song.write_bytes(with_tags(tone(440, 0.5), title="Straßenmusik", artist="Die Ärzte"))
        tracks.import_track(user.id, song)
        with db.atomic():
            _make_version_one(db)
        assert migrations.current_version(db) == 1
        assert "first_alt_key" not in {c.name for c in db.get_columns("user")}
    finally:
        close_database()

    db = open_database(db_url)  # upgrades
    try:
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        for query in ("muller", "MÜLLER", "mueller", "jurgen", "juergen muller"):
            found = {u.id for u in people.search_users(query).items}
            assert user.id in found, query
        assert {u.login for u in people.search_users("muller").items} == {"Jürgen"}
        assert accounts.log_in("jürgen", PASSWORD).id == user.id
        assert [c.name for c in communities.all_communities(user.id, "mueller").items] == [
            "Café Müller"
        ]
        assert [t.title for t in tracks.search_tracks(user.id, "strassen")] == ["Straßenmusik"]
        assert [t.title for t in tracks.search_tracks(user.id, "aerzte")] == ["Straßenmusik"]
    finally:
        close_database()
