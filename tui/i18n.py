"""UI text in English and Russian, from gettext-style ``.po`` catalogues.

Every ``.po`` file under ``tui/locale/<lang>/LC_MESSAGES/`` is read and merged
(one file per area of the app, so catalogues stay small). The catalogues are
plain text parsed at start-up: nothing generated is committed or installed.
Screens write ``_("Log in")``; the English text is the key.
"""

from __future__ import annotations

import ast
import locale
import os
from collections.abc import Mapping
from pathlib import Path

from models.errors import DomainError, Text

LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "ru")

_catalogue: dict[str, str] = {}
_plurals: dict[str, tuple[str, ...]] = {}  # msgid (the English singular) → forms
_language = "en"


def parse_po(text: str) -> dict[str, str]:
    """The msgid → msgstr pairs of a ``.po`` file (empty translations skipped)."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value:
                entries[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [ast.literal_eval(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
    flush()
    return entries


def parse_po_plurals(text: str) -> dict[str, tuple[str, ...]]:
    """The plural entries of a ``.po`` file: msgid → (msgstr[0], msgstr[1], …),
    ``parse_po`` leaves them out. Incomplete entries are skipped."""
    entries: dict[str, tuple[str, ...]] = {}
    msgid: list[str] | None = None
    forms: dict[int, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and forms and all(forms.get(i) for i in range(len(forms))):
            values = tuple("".join(forms[i]) for i in range(len(forms)))
            if all(values):
                entries["".join(msgid)] = values

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, forms, current = [ast.literal_eval(line[6:])], {}, None
            current = msgid
        elif line.startswith("msgid_plural "):
            current = None
        elif line.startswith("msgstr[") and msgid is not None:
            index, _sep, value = line[7:].partition("] ")
            forms[int(index)] = [ast.literal_eval(value)]
            current = forms[int(index)]
        elif line.startswith("msgstr "):
            current = None
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
    flush()
    return entries


def detect_language(explicit: str | None = None) -> str:
    """``--lang`` first, then LANGUAGE / LC_ALL / LC_MESSAGES / LANG; English otherwise."""
    candidates = [explicit] if explicit else []
    candidates += [os.environ.get(name) for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    for value in candidates:
        if not value:
            continue
        code = value.split(":")[0].split("_")[0].split(".")[0].lower()
        if code in SUPPORTED:
            return code
        if code not in ("c", "posix"):
            return "en"
    try:
        code = (locale.getlocale()[0] or "en").split("_")[0].lower()
    except ValueError:
        code = "en"
    return code if code in SUPPORTED else "en"


def set_language(language: str) -> None:
    global _catalogue, _language
    _language = language if language in SUPPORTED else "en"
    global _plurals
    merged: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    folder = LOCALE_DIR / _language / "LC_MESSAGES"
    if _language != "en" and folder.is_dir():
        for po in sorted(folder.glob("*.po")):
            text = po.read_text(encoding="utf-8")
            merged.update(parse_po(text))
            plurals.update(parse_po_plurals(text))
    _catalogue, _plurals = merged, plurals


def language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the current language (itself when untranslated)."""
    return _catalogue.get(message, message)


def plural_index(n: int, language: str) -> int:
    """Which plural form ``n`` takes: English one/other; Russian one (1, 21, 101),
    few (2–4, 22–24) and many (5–20, 25, 11–14) — gettext's own rule."""
    n = abs(n)
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` (English) or the translation's form for ``n``;
    fill in ``{n}`` with ``.format(n=n)``."""
    forms = _plurals.get(singular)
    if forms:
        return forms[min(plural_index(n, _language), len(forms) - 1)]
    return singular if n == 1 else plural


def translate_message(message: str) -> str:
    """A sentence from the domain layer in the current language.

    A ``models.errors.Text`` is looked up by its template and filled with its own
    values (values that are sentences themselves are translated too; names, paths
    and other user text stay as they are). A plain string is looked up as it is.
    Whatever cannot be filled falls back to the English sentence, never an error.
    """
    if not isinstance(message, Text):
        return _(message)
    return _fill(message.template, message.params, str(message))


def translate_error(exc: DomainError) -> str:
    """``exc``'s message in the current language (see ``translate_message``).

    Show the result as plain text (``plain()``, ``markup=False``): the values
    filled in may be what a person typed.
    """
    return _fill(exc.template, exc.params, exc.message)


def _fill(template: str, params: Mapping[str, object], english: str) -> str:
    translated = _(template)
    if not params:
        return translated
    values = {
        name: translate_message(value) if isinstance(value, Text) else value
        for name, value in params.items()
    }
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):  # a broken translation
        return str(english)
