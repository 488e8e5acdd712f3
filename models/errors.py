"""Typed domain errors. Every refusal a caller can see is one of these.

Each carries ``message`` (a sentence a person can read) and, when one input is
to blame, ``field`` (the name of that input), so a form can put the message
beside the field.

A message with numbers or names in it is written ``msg("… {limit} …", limit=…)``:
the result is the English sentence (a ``str``) that also keeps its ``template``
and ``params``, so the UI can look the template up in a translation catalogue
and fill in the same values (``tui.i18n.translate_error``). Every error keeps
``template`` and ``params``; for a plain string they are the string and ``{}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any


class Text(str):
    """An English sentence that remembers the template and values it was made of.

    ``Text("At most {limit}.", limit=5)`` is the string ``"At most 5."`` with
    ``.template == "At most {limit}."`` and ``.params == {"limit": 5}``. Without
    params the template is the sentence as it stands (braces are not special).
    """

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self):  # pickling keeps the template (errors cross processes)
        return (_rebuild_text, (self.template, dict(self.params)))


def _rebuild_text(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def msg(template: str, /, **params: Any) -> Text:
    """The sentence ``template.format(**params)``, keeping both for translation."""
    return Text(template, **params)


def msg_template(template: str) -> str:
    """``template`` unchanged: marks a template kept aside for a later ``msg()``
    (gettext's "noop"), so the catalogue checks find it too."""
    return template


class DomainError(Exception):
    """Base of every refusal the domain layer makes."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if isinstance(message, Text):
            self.template: str = message.template
            self.params: Mapping[str, Any] = message.params
        else:
            self.template = message
            self.params = {}

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class ValidationError(DomainError):
    """An input does not satisfy the rules (length, format, range)."""


class AuthenticationError(DomainError):
    """Login or password wrong. Deliberately generic: never says which."""

    def __init__(
        self, message: str = msg("Wrong login or password."), field: str | None = None
    ):
        super().__init__(message, field)


class ThrottledError(DomainError):
    """Too many failed attempts; ``retry_at`` says when to try again (UTC)."""

    def __init__(self, retry_at: datetime, message: str | None = None):
        super().__init__(message or msg("Too many failed attempts. Try again later."))
        self.retry_at = retry_at


class NotFoundError(DomainError):
    """The thing asked for does not exist (or is not visible to the caller)."""


class PermissionDeniedError(DomainError):
    """The caller may not do this (not the author, not a member, not the owner)."""


class ConflictError(DomainError):
    """The change clashes with existing data (login taken, name taken)."""


class DatabaseError(DomainError):
    """The database cannot be used right now (missing, locked, unreachable)."""


class UnhealthyDatabaseError(DatabaseError):
    """The file at the database path is not a healthy Messenger database."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer Messenger than this one."""
