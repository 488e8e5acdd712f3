"""Why a form's first write waits: the start-up integrity check.

A big SQLite file is checked for damage once a day, as the day's first app
starts (``models/integrity.py``: 8 s at scale 1, minutes at scale 10), and no
write goes to it before the verdict. Before the log-in that is the first write
a person makes: Log in, Create account and Forgot password call ``tell_if_checking``
from their worker before it, and when the check is still running half a second
later, a notification says what the wait is.
"""

from __future__ import annotations

from textual.app import App

from .i18n import _

NOTE_AFTER = 0.5  # seconds: a check about to end is not worth a word
NOTE_SECONDS = 30.0


def tell_if_checking(app: App) -> bool:
    """From a worker thread, before a write: tell the person when it will wait
    for the start-up check. Whether it was told."""
    from models import integrity
    from models.db import database

    if not integrity.still_checking(database.obj, NOTE_AFTER):
        return False
    app.call_from_thread(
        app.notify,
        _("Checking the database file for damage before its first write today. "
          "A big file takes a while; your request goes through once it is done."),
        timeout=NOTE_SECONDS,
        markup=False,
    )
    return True
