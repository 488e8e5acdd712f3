"""What a message may be: its text and the client-made id it is sent with."""

from __future__ import annotations

import re

from .errors import ValidationError, msg_template
from .text import written_text

MAX_MESSAGE_LENGTH = 4000
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def clean_message_text(text: str, *, may_be_empty: bool = False) -> str:
    """``text`` cleaned; empty only when ``may_be_empty`` (it has attachments)."""
    return written_text(
        text, limit=MAX_MESSAGE_LENGTH, may_be_empty=may_be_empty,
        not_text=msg_template("A message must be text."),
        empty=msg_template("A message cannot be empty."),
        too_long=msg_template(
            "A message can be at most {limit} characters long; this one has {length}."),
    )


def check_client_id(client_id: str) -> None:
    if not isinstance(client_id, str) or not _CLIENT_ID.fullmatch(client_id):
        raise ValidationError(
            "The message id must be 1 to 64 letters, digits, '-' or '_'.", field="client_id"
        )
