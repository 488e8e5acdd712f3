"""A group's system lines in the UI language: "Анна added Ольга", "Ольга left".

The domain stores what happened (``MessageView.system``: the event, the person
it concerns, the title), never words, so a line is worded in the reader's
language when it is shown, and nothing a person types can pass for one. The
names are people's own words: they fill a translated template literally (the
widgets show the result through ``plain()``).
"""

from __future__ import annotations

from models.text import clean_line
from models.views import MessageView, SystemLine, UserRef
from tui.i18n import _


def _name(user: UserRef | None) -> str:
    return clean_line(user.first_name) if user is not None else _("someone")


def system_sentence(line: SystemLine, actor: UserRef | None) -> str:
    """What ``actor`` did, as one sentence in the UI language."""
    who, whom = _name(actor), _name(line.target)
    title = clean_line(line.title or "")
    templates = {
        "created": _("{actor} created the group «{title}»"),
        "added": _("{actor} added {target}"),
        "removed": _("{actor} removed {target}"),
        "left": _("{actor} left"),
        "renamed": _("{actor} renamed the group to «{title}»"),
        "admin_granted": _("{actor} made {target} an admin"),
        "admin_revoked": _("{actor} took admin rights from {target}"),
        "owner": _("{target} is now the owner"),
    }
    template = templates.get(line.event, _("{actor} changed the group"))
    return template.format(actor=who, target=whom, title=title)


def system_line_of(message: MessageView) -> str | None:
    """The sentence of a system line, or None for a message a person wrote."""
    if message.kind != "system" or message.system is None:
        return None
    return system_sentence(message.system, message.sender)
