"""Typed domain errors. Every refusal a caller can see is one of these.

Each carries ``message`` (a sentence a person can read) and, when one input is
to blame, ``field`` (the name of that input), so a form can put the message
beside the field.
"""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """Base of every refusal the domain layer makes."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class ValidationError(DomainError):
    """An input does not satisfy the rules (length, format, range)."""


class AuthenticationError(DomainError):
    """Login or password wrong. Deliberately generic: never says which."""

    def __init__(self, message: str = "Wrong login or password.", field: str | None = None):
        super().__init__(message, field)


class ThrottledError(DomainError):
    """Too many failed attempts; ``retry_at`` says when to try again (UTC)."""

    def __init__(self, retry_at: datetime, message: str | None = None):
        super().__init__(message or "Too many failed attempts. Try again later.")
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
