"""What a message may be: its text and the client-made id it is sent with."""

from __future__ import annotations

import re

from .errors import ValidationError, msg
from .text import clean_text, has_visible_character

MAX_MESSAGE_LENGTH = 4000
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def clean_message_text(text: str, *, may_be_empty: bool = False) -> str:
    """``text`` cleaned; empty only when ``may_be_empty`` (it has attachments)."""
    if not isinstance(text, str):
        raise ValidationError("A message must be text.", field="text")
    cleaned = clean_text(text).strip()
    if not has_visible_character(cleaned):  # only blanks, zero-width or filler characters
        cleaned = ""
    if not cleaned and not may_be_empty:
        raise ValidationError("A message cannot be empty.", field="text")
    if len(cleaned) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            msg(
                "A message can be at most {limit} characters long; this one has {length}.",
                limit=MAX_MESSAGE_LENGTH, length=len(cleaned),
            ),
            field="text",
        )
    return cleaned


def check_client_id(client_id: str) -> None:
    if not isinstance(client_id, str) or not _CLIENT_ID.fullmatch(client_id):
        raise ValidationError(
            "The message id must be 1 to 64 letters, digits, '-' or '_'.", field="client_id"
        )
