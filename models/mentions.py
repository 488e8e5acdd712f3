"""Mentions: ``@login`` in a group message names a member. Stored as a row per
person named (``Mention``), written with the message, so a person's "@" badge
and their next unread mention are index ranges, and deleting the message
takes its mentions with it."""

from __future__ import annotations

import re

from .schema import DialogMember, Mention, User
from .text import identity_key

# A login (credentials.LOGIN_CHARACTERS) after "@" that does not continue a word
# or an e-mail address; a trailing "." or "-" is punctuation, not the login's.
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_.-]{1,32})")
MAX_MENTIONS = 50  # people one message can name


def logins_in(text: str) -> list[str]:
    """The logins ``text`` names, in order, each once."""
    seen: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        seen.setdefault(identity_key(match.group(1).rstrip(".-")), None)
    return list(seen)[:MAX_MENTIONS]


def store_mentions(dialog_id: int, seq: int, message_id: int, sender_id: int, text: str) -> None:
    """Inside the send: a row for each present member ``text`` names (not the sender)."""
    keys = logins_in(text)
    if not keys:
        return
    named = [
        uid for (uid,) in DialogMember.select(DialogMember.user)
        .join(User, on=(User.id == DialogMember.user))
        .where((DialogMember.dialog == dialog_id) & DialogMember.left_seq.is_null()
               & User.login_key.in_(keys) & (DialogMember.user != sender_id))
        .tuples()
    ]
    if named:
        Mention.insert_many(
            [{"user": uid, "dialog": dialog_id, "seq": seq, "message": message_id}
             for uid in named]
        ).execute()
