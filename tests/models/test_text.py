"""Search keys (models/text.py): what counts as the same word in a search."""

from __future__ import annotations

import pytest

from models.text import alternative_key, identity_key, search_key


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Müller", "muller"),
        ("Mu\u0308ller", "muller"),  # the same name typed with a combining diaeresis
        ("García", "garcia"),
        ("MARÍA", "maria"),
        ("Straße", "strasse"),
        ("Søren", "soren"),
        ("Æsir", "aesir"),
        ("Œuvre", "oeuvre"),
        ("Đorđe", "dorde"),
        ("Łódź", "lodz"),
        ("Þór", "thor"),
        ("Nguyễn", "nguyen"),
        ("Ελένη", "ελενη"),
        ("Ёлкина", "елкина"),
        ("Мари\u0301я", "мария"),  # a stress mark is not part of the word
        ("Йошкар-Ола", "йошкар-ола"),  # й stays й
        ("Їжак", "їжак"),  # so do ї and ў
        ("नमस्ते", "नमस्ते"),  # other scripts' marks are part of the word
    ],
)
def test_search_key_folds_case_and_latin_accents_but_keeps_cyrillic_letters(value, key):
    assert search_key(value) == key


def test_й_and_и_stay_different_letters():
    assert search_key("Йосиф") != search_key("Иосиф")
    assert search_key("и\u0306") == "й"  # й typed as и + breve is still й


@pytest.mark.parametrize(
    ("value", "alternative"),
    [("Müller", "mueller"), ("Jörg", "joerg"), ("Ärzte", "aerzte"), ("Søren", "soeren"),
     ("Åse", "aase"), ("García", None), ("Анна", None), ("Mueller", None)],
)
def test_alternative_key_writes_out_german_and_scandinavian_letters(value, alternative):
    assert alternative_key(value) == alternative


def test_identity_key_keeps_accents_so_old_login_keys_still_match():
    """Logins stay unique under the key version 1 stored: case and ё folded only."""
    assert identity_key("Jürgen") == "jürgen"
    assert identity_key("ЁЖИК") == "ежик"
    assert identity_key("Ａｎｎａ") == "anna"
