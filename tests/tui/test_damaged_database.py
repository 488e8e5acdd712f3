"""The database file is damaged while the app runs: the first action that meets
the damage shows what to do (``messenger db backup`` …), and from then on no
action writes to the file — even one whose table is intact (a new post)."""

from __future__ import annotations

import asyncio

from models.db import database, sqlite_path
from models.schema import Post
from tests.damage import smash_table, written
from tests.tui.conftest import settle, type_text


def _errors(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


def test_damage_met_while_the_app_runs_stops_every_write(logged_in_app, app_db):
    path = sqlite_path(app_db.url)
    app = logged_in_app("anna")

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            smash_table(path, "post_like")
            await pilot.press("l")  # like the top post: its likes are unreadable now
            await settle(pilot)
            assert any("messenger db backup" in text for text in _errors(app)), _errors(app)
            before = written(path)
            await pilot.press("n")
            await type_text(pilot, "Is anyone there?")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert written(path) == before
            # The composer keeps the text and says why it was not posted.
            shown = [str(w.render()) for w in app.screen.query("Static")]
            assert any("messenger db backup" in text for text in shown), shown

    asyncio.run(scenario())
    assert not Post.select().where(Post.text == "Is anyone there?").exists()
