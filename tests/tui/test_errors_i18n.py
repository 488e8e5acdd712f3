"""Errors in Russian: every refusal the domain layer can make has a Russian text,
and the app shows it with the right numbers — while English stays word for word.

The domain raises ``msg("… {limit} …", limit=…)``: an English sentence that keeps
its template and values. The UI translates the template (``errors.po``) and fills
in the same values (``tui.i18n.translate_error``).
"""

from __future__ import annotations

import ast
import asyncio
import string
from pathlib import Path

import pytest
from textual.widgets import Static

from models import accounts, communities, errors, messages
from models.errors import ConflictError, ValidationError, msg
from tests.tui.conftest import settle, type_text
from tui.i18n import LOCALE_DIR, parse_po, set_language, translate_error, translate_message
from tui.screens.dialogs import DialogsScreen
from tui.screens.register import RegisterScreen
from tui.widgets.composer import Composer

MODELS = Path(errors.__file__).parent
RU = LOCALE_DIR / "ru" / "LC_MESSAGES"
ERROR_CLASSES = {
    name for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.DomainError)
}
TEMPLATE_MARKERS = {"msg", "Text", "msg_template"}


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def raised_templates() -> tuple[dict[str, str], list[str]]:
    """Every message template in models/*.py → where it is, and the places that
    build a message some other way (an f-string or ``+``), which cannot be translated."""
    found: dict[str, str] = {}
    built: list[str] = []
    for path in sorted(MODELS.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called_name(node)
            if name not in TEMPLATE_MARKERS and name not in ERROR_CLASSES:
                continue
            if name == "ThrottledError":  # (retry_at, message)
                first = node.args[1:2]
            else:
                first = node.args[:1]
            candidates = first + [k.value for k in node.keywords if k.arg == "message"]
            for arg in candidates:
                where = f"{path.name}:{node.lineno}"
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, where)
                elif isinstance(arg, ast.JoinedStr | ast.BinOp) or (
                    isinstance(arg, ast.Call) and _called_name(arg) == "format"
                ):
                    built.append(where)
    return found, built


def russian_catalogue() -> dict[str, str]:
    merged: dict[str, str] = {}
    for po in sorted(RU.glob("*.po")):
        merged.update(parse_po(po.read_text("utf-8")))
    return merged


def placeholders(text: str) -> list[tuple[str, str, str | None]]:
    """The ``{name!conv:spec}`` fields of a template, sorted."""
    return sorted(
        (name, spec or "", conversion)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


@pytest.fixture
def russian():
    set_language("ru")
    yield
    set_language("en")


# ---------------------------------------------------------------- the catalogue

def test_the_walk_finds_the_errors_it_must():
    """The check below is only as good as its walk: it sees plain, numbered,
    tabled and default messages alike."""
    found, _ = raised_templates()
    assert "This login is taken." in found  # ConflictError("…")
    assert "A message can be at most {limit} characters long; this one has {length}." in found
    assert "Enter your first name." in found  # msg_template in a table
    assert "Wrong login or password." in found  # AuthenticationError's default
    assert "Too many failed attempts. Try again later." in found  # ThrottledError's default
    assert len(found) > 150


def test_no_error_message_is_glued_together():
    """A message made with an f-string or ``+`` could never be looked up in a
    catalogue: every one is a literal template (with ``msg`` for its values)."""
    _, built = raised_templates()
    assert built == []


def test_every_error_the_models_raise_has_a_russian_text():
    """A Russian user never meets an English refusal: each template has a translation."""
    found, _ = raised_templates()
    catalogue = russian_catalogue()
    missing = sorted(f"{where}: {text}" for text, where in found.items() if text not in catalogue)
    assert missing == []


def test_russian_error_texts_keep_every_placeholder():
    """A translation that lost ``{limit}`` (or changed ``{limit:g}``) would show the
    wrong number or nothing; each keeps exactly the fields of its English template."""
    found, _ = raised_templates()
    catalogue = russian_catalogue()
    wrong = [
        text for text in found
        if text in catalogue and placeholders(catalogue[text]) != placeholders(text)
    ]
    assert wrong == []


def test_errors_po_holds_only_errors_the_models_raise():
    """No stale entries: every text in errors.po is a template some model raises."""
    found, _ = raised_templates()
    entries = parse_po((RU / "errors.po").read_text("utf-8"))
    assert sorted(set(entries) - set(found)) == []


# ---------------------------------------------------------------- messages carry templates

def test_a_numbered_message_is_the_same_english_sentence_with_its_template(db, make_user):
    """``exc.message`` is exactly the English a person always read; the template and
    values ride along for translation."""
    anna, michail = make_user("anna"), make_user("michail")
    with pytest.raises(ValidationError) as caught:
        messages.send_message(anna.id, michail.id, "x" * 4001, messages.new_client_id())
    exc = caught.value
    assert exc.message == "A message can be at most 4000 characters long; this one has 4001."
    assert str(exc) == exc.message
    assert exc.template == "A message can be at most {limit} characters long; this one has {length}."
    assert dict(exc.params) == {"limit": 4000, "length": 4001}
    assert exc.field == "text"


def test_a_plain_message_is_its_own_template():
    """Errors raised with a plain string still work: template = the string, no values."""
    exc = ConflictError("This login is taken.", field="login")
    assert exc.template == "This login is taken." and dict(exc.params) == {}
    braces = ValidationError("Odd {text} from elsewhere")
    assert braces.template == "Odd {text} from elsewhere" and dict(braces.params) == {}


# ---------------------------------------------------------------- translate_error

def test_english_errors_are_shown_word_for_word():
    """With English (the default) the UI shows each message exactly as the models wrote it."""
    set_language("en")
    exc = ValidationError(msg("Use at least {limit} characters (this one has {length}) — "
                              "a few unrelated words make a good password.", limit=15, length=5))
    assert translate_error(exc) == exc.message
    assert translate_error(ConflictError("This login is taken.")) == "This login is taken."


def test_russian_errors_fill_in_the_same_numbers(russian, db):
    """In Russian the template is translated and the same values filled in."""
    with pytest.raises(ValidationError) as caught:
        accounts.register("vera", "Вера", "Лебедева", "short", "short")
    assert translate_error(caught.value) == (
        "Пароль должен быть не короче 15 символов (в этом 5) — хороший пароль "
        "получается из нескольких не связанных между собой слов."
    )
    assert translate_error(ConflictError("This login is taken.")) == "Этот логин уже занят."


def test_user_text_in_an_error_stays_literal_in_russian(russian, db, make_user):
    """A community name full of braces and markup is shown as typed, inside the
    Russian sentence — never interpreted."""
    owner = make_user("owner")
    name = "{limit} [bold]x[/] {0}"
    communities.create_community(owner.id, name)
    with pytest.raises(ConflictError) as caught:
        communities.create_community(owner.id, name)
    assert translate_error(caught.value) == f"Сообщество «{name}» уже существует."


def test_a_message_inside_a_message_is_translated_too(russian):
    """"The copy: The database is busy…" becomes Russian in both parts."""
    inner = msg("The database is busy. Please try again in a moment.")
    exc = errors.DatabaseError(msg("{where}: {error}", where=msg("The copy"), error=inner))
    assert exc.message == "The copy: The database is busy. Please try again in a moment."
    assert translate_error(exc) == (
        "Копирование: База данных занята. Попробуйте ещё раз через мгновение."
    )


def test_a_broken_translation_falls_back_to_english(russian, monkeypatch):
    """A translation naming a value the message does not have shows the English
    sentence instead of failing."""
    from tui import i18n

    monkeypatch.setitem(i18n._catalogue, "At most {limit}.", "Не больше {предел}.")
    exc = ValidationError(msg("At most {limit}.", limit=3))
    assert translate_error(exc) == "At most 3."


def test_import_reasons_are_translated(russian):
    """A refused file in a folder import gets its reason in Russian too."""
    reason = msg("{name} holds no sound data.", name="song.wav")
    assert translate_message(reason) == "В файле song.wav нет звуковых данных."
    assert translate_message("plain reason") == "plain reason"


# ---------------------------------------------------------------- in the app

async def _register(pilot, password: str) -> None:
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RegisterScreen)
    for value in ("vera", "Вера", "Лебедева", password, password):
        await type_text(pilot, value)
        await pilot.press("enter")
    await settle(pilot)


def _field_error(app, field: str) -> str:
    return str(app.screen.query_one(f"#{field}-error", Static).render())


def test_register_with_a_short_password_in_russian(make_test_app):
    """With --lang ru, a five-character password is refused under Password in
    Russian, with 15 and 5 in the sentence."""
    app = make_test_app(lang="ru")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await _register(pilot, "short")
            assert isinstance(app.screen, RegisterScreen)
            assert _field_error(app, "password") == (
                "Пароль должен быть не короче 15 символов (в этом 5) — хороший пароль "
                "получается из нескольких не связанных между собой слов."
            )
            assert app.current_user is None

    asyncio.run(scenario())


def test_register_with_a_short_password_in_english(make_test_app):
    """In English the same mistake reads exactly as before."""
    app = make_test_app(lang="en")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await _register(pilot, "short")
            assert _field_error(app, "password") == (
                "Use at least 15 characters (this one has 5) — "
                "a few unrelated words make a good password."
            )

    asyncio.run(scenario())


def _chat_error_after_sending(app, peer_id: int, text: str) -> list[str]:
    shown: list[str] = []

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, DialogsScreen)
            app.open_dialog(peer_id)
            await settle(pilot)
            composer = app.screen.query_one(Composer)
            composer.set_text(text)
            await pilot.press("enter")
            await settle(pilot)
            shown.extend(n.message for n in app._notifications if n.severity == "error")
            assert composer.text == text  # what was typed is kept to fix

    asyncio.run(scenario())
    return shown


def test_too_long_chat_message_in_russian(app_db, logged_in_app):
    """A 4001-character message is refused with a Russian notice naming 4000 and 4001."""
    shown = _chat_error_after_sending(
        logged_in_app("anna", lang="ru"), app_db.michail.id, "я" * 4001
    )
    assert shown == ["Сообщение может быть не длиннее 4000 символов; в этом 4001."]


def test_too_long_chat_message_in_english(app_db, logged_in_app):
    """The same refusal in English is the sentence it always was."""
    shown = _chat_error_after_sending(logged_in_app("anna"), app_db.michail.id, "x" * 4001)
    assert shown == ["A message can be at most 4000 characters long; this one has 4001."]
