"""The one source of "now" for the domain layer, so tests can freeze time.

Times are naive UTC datetimes (both backends store them the same way).
"""

from __future__ import annotations

from datetime import UTC, datetime

_frozen: datetime | None = None


def now() -> datetime:
    """Current UTC time, naive, microsecond precision."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC).replace(tzinfo=None)


def freeze(at: datetime | None) -> None:
    """Freeze the clock at ``at`` (naive UTC), or unfreeze with ``None``. Tests only."""
    global _frozen
    _frozen = at
