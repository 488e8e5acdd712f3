"""How presence and typing read, in English and in Russian (three plural forms)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from models.views import Presence
from tui.i18n import plural_index, set_language
from tui.presence_text import presence_text, typing_text

NOW = datetime(2026, 3, 14, 12, 0)


def seen(ago: timedelta | None, online: bool = False) -> Presence:
    return Presence(online=online, last_seen_at=None if ago is None else NOW - ago)


@pytest.fixture
def russian():
    set_language("ru")
    yield
    set_language("en")


@pytest.mark.parametrize(("ago", "text"), [
    (timedelta(seconds=20), "last seen just now"),
    (timedelta(minutes=1), "last seen 1 minute ago"),
    (timedelta(minutes=5), "last seen 5 minutes ago"),
    (timedelta(hours=1, minutes=59), "last seen 1 hour ago"),
    (timedelta(hours=23), "last seen 23 hours ago"),
    (timedelta(days=2), "last seen recently"),
    (timedelta(days=5), "last seen within a week"),
    (timedelta(days=20), "last seen within a month"),
    (timedelta(days=400), "last seen a long time ago"),
    (None, "last seen a long time ago"),
])
def test_last_seen_in_english(ago, text):
    assert presence_text(seen(ago), NOW) == text


@pytest.mark.parametrize(("minutes", "text"), [
    (1, "был(а) 1 минуту назад"), (2, "был(а) 2 минуты назад"),
    (5, "был(а) 5 минут назад"), (11, "был(а) 11 минут назад"),
    (14, "был(а) 14 минут назад"), (21, "был(а) 21 минуту назад"),
    (22, "был(а) 22 минуты назад"), (25, "был(а) 25 минут назад"),
])
def test_minutes_take_the_right_russian_form(russian, minutes, text):
    assert presence_text(seen(timedelta(minutes=minutes)), NOW) == text


def test_hours_and_coarse_times_in_russian(russian):
    assert presence_text(seen(timedelta(hours=3)), NOW) == "был(а) 3 часа назад"
    assert presence_text(seen(timedelta(hours=5)), NOW) == "был(а) 5 часов назад"
    assert presence_text(seen(timedelta(hours=21)), NOW) == "был(а) 21 час назад"
    assert presence_text(seen(timedelta(days=2)), NOW) == "был(а) недавно"
    assert presence_text(seen(None, online=True), NOW) == "в сети"


def test_online_and_hidden():
    assert presence_text(seen(timedelta(days=3), online=True), NOW) == "online"
    assert presence_text(None, NOW) == ""


def test_typing_one_two_many():
    assert typing_text([]) == ""
    assert typing_text(["Анна"]) == "Анна is typing…"
    assert typing_text(["Анна", "Олег"]) == "Анна and Олег are typing…"
    assert typing_text(["Анна", "Олег", "Vera", "Ivan"]) == "Анна, Олег and 2 more are typing…"


def test_typing_in_russian_and_names_cleaned(russian):
    assert typing_text(["Анна", "Олег"]) == "Анна и Олег печатают…"
    assert typing_text(["Ан\x1b[31mна"]) == "Ан[31mна печатает…"


def test_russian_plural_rule():
    assert [plural_index(n, "ru") for n in (0, 1, 2, 4, 5, 11, 12, 21, 22, 101, 111)] == [
        2, 0, 1, 1, 2, 2, 2, 0, 1, 0, 2]
    assert [plural_index(n, "en") for n in (0, 1, 2)] == [1, 0, 1]
