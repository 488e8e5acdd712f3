"""Per-user settings (theme, volume, shuffle, repeat, language) kept in the
database, and the schema step that brings a version-1 database to them."""

from __future__ import annotations

import pytest

from models import migrations, settings
from models.db import close_database, database, open_database
from models.errors import NotFoundError, ValidationError
from models.schema import Setting


def test_a_new_person_has_the_defaults(make_user):
    anna = make_user("anna")
    assert settings.user_settings(anna.id) == settings.Settings(
        theme=None, volume=1.0, shuffle=False, repeat="off", language=None
    )


def test_settings_are_kept_per_person(make_user):
    """What Анна chooses is hers: Michail still has the defaults."""
    anna, michail = make_user("anna"), make_user("michail")
    saved = settings.save_settings(anna.id, theme="messenger-light", volume=0.35)
    assert saved.theme == "messenger-light" and saved.volume == 0.35
    settings.save_settings(anna.id, shuffle=True, repeat="one", language="ru")
    assert settings.user_settings(anna.id) == settings.Settings(
        theme="messenger-light", volume=0.35, shuffle=True, repeat="one", language="ru"
    )
    assert settings.user_settings(michail.id) == settings.DEFAULTS


def test_saving_again_replaces_and_none_forgets(make_user):
    anna = make_user("anna")
    settings.save_settings(anna.id, volume=0.2)
    settings.save_settings(anna.id, volume=0.8)
    assert settings.user_settings(anna.id).volume == 0.8
    assert Setting.select().where(Setting.user == anna.id).count() == 1
    settings.save_settings(anna.id, volume=None)
    assert settings.user_settings(anna.id).volume == 1.0


@pytest.mark.parametrize(
    "values",
    [{"volume": 1.5}, {"volume": -0.1}, {"volume": "loud"}, {"volume": True},
     {"shuffle": "yes"}, {"repeat": "twice"}, {"language": "xx"}, {"theme": ""},
     {"theme": "dark\x1b[31m"}, {"theme": "x" * 65}, {"font": "big"}],
)
def test_values_are_checked_and_nothing_is_saved_on_a_refusal(make_user, values):
    """A wrong value refuses the whole call: the good volume given with it is
    not stored either."""
    anna = make_user("anna")
    with pytest.raises(ValidationError):
        settings.save_settings(anna.id, **({"volume": 0.5} | values))
    assert settings.user_settings(anna.id) == settings.DEFAULTS


def test_settings_of_nobody_are_refused(db):
    with pytest.raises(NotFoundError):
        settings.save_settings(424242, volume=0.5)


def test_a_stored_value_not_understood_reads_as_the_default(make_user):
    """A row written by another version (or by hand) never breaks log-in."""
    anna = make_user("anna")
    settings.save_settings(anna.id, theme="messenger-light")
    for key, value in (("volume", "very"), ("shuffle", "maybe"), ("repeat", "always"),
                       ("future_key", "x")):
        Setting.create(user=anna.id, key=key, value=value)
    assert settings.user_settings(anna.id) == settings.Settings(theme="messenger-light")


def test_a_person_deleted_takes_their_settings_along(make_user):
    from models.schema import User

    anna = make_user("anna")
    settings.save_settings(anna.id, volume=0.5)
    User.delete().where(User.id == anna.id).execute()
    assert Setting.select().count() == 0


def test_a_version_1_database_with_people_is_upgraded_to_settings(db_url, make_user_factory):
    """A database of the first release (no ``setting`` table, version 1, with
    people in it) opens upgraded: the table is there, the people too, and
    settings can be saved for them."""
    db = open_database(db_url, upgrade=False)
    migrations._v1(db)
    migrations._set_version(db, 1)
    anna_id = make_user_factory("anna")
    assert "setting" not in db.get_tables()
    close_database()

    db = open_database(db_url)
    try:
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION
        assert "setting" in db.get_tables()
        settings.save_settings(anna_id, theme="messenger-light", volume=0.4)
        assert settings.user_settings(anna_id).volume == 0.4
        indexes = {index.name: index for index in db.get_indexes("setting")}
        assert indexes["setting_user_id_key"].unique
    finally:
        close_database()
        database.initialize(None)
