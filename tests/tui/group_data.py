"""The group the group tests share: «Поход» of Анна (owner), Michail and Olga."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import clock, groups, messages


@pytest.fixture(name="hike")
def hike_fixture(app_db, frozen_clock) -> int:
    """«Поход»: Анна made it an hour ago with Michail and Olga; they talked."""
    clock.freeze(frozen_clock - timedelta(hours=1))
    dialog_id = groups.create_group(app_db.anna.id, "Поход", [app_db.michail.id,
                                                               app_db.olga.id])
    for minutes, who, text in ((50, app_db.michail, "Привет всем!"),
                               (49, app_db.michail, "Who brings the tent?"),
                               (45, app_db.olga, "I can. [bold]Tent[/] is mine."),
                               (40, app_db.anna, "Great, thanks!")):
        clock.freeze(frozen_clock - timedelta(minutes=minutes))
        messages.send_to_dialog(who.id, dialog_id, text, f"hike-{minutes}")
    clock.freeze(frozen_clock)
    return dialog_id
