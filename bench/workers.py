"""Waiting for an app's workers in the bench's app children."""

from __future__ import annotations

import asyncio


async def workers_done(app, tries: int = 50) -> None:
    """Wait until none of ``app``'s workers runs. A worker cancelled meanwhile (an
    exclusive one replaced by a newer call, or its screen closed) counts as done:
    Textual's ``wait_for_complete`` raises ``WorkerCancelled`` for it, which ended
    a whole ``make bench`` in its idle part (5 Dec)."""
    from textual.worker import WorkerCancelled

    for _ in range(tries):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:  # that one is over; the others may still run
            await asyncio.sleep(0)
