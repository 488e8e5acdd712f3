"""A group's system lines: "Анна added Ольга", "Ольга left", "Анна renamed the
group to …". They are messages of their own kind (``Message.kind`` "system"),
written only by ``models/groups.py``: sending stores every message as "text",
so nothing a person types can become one. The stored text is a small JSON
payload (who the line is about, the title); the UI words it in its language.
"""

from __future__ import annotations

import json

CREATED = "created"  # title
ADDED = "added"  # target
REMOVED = "removed"  # target
LEFT = "left"
RENAMED = "renamed"  # title
ADMIN_GRANTED = "admin_granted"  # target
ADMIN_REVOKED = "admin_revoked"  # target
OWNER = "owner"  # target: the new owner (the owner left)
EVENTS = frozenset({CREATED, ADDED, REMOVED, LEFT, RENAMED, ADMIN_GRANTED, ADMIN_REVOKED, OWNER})

TEXT = "text"
SYSTEM = "system"


def payload(event: str, target_id: int | None = None, title: str | None = None) -> str:
    if event not in EVENTS:
        raise ValueError(f"unknown system line {event!r}")
    data: dict[str, object] = {"event": event}
    if target_id is not None:
        data["target"] = target_id
    if title is not None:
        data["title"] = title
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def parse(text: str) -> tuple[str, int | None, str | None]:
    """(event, target id, title) of a stored payload."""
    data = json.loads(text)
    return data["event"], data.get("target"), data.get("title")
