"""One browser tab's app process: textual-serve's ``AppService`` made safe to host.

textual-serve starts each tab's app with ``create_subprocess_shell(command)``.
Here the app is started with ``create_subprocess_exec`` from a fixed argument
list: no shell ever runs, so nothing in the command line or the environment can
become a second command (the same promise as SSH ``ForceCommand``). The child
is told it is a web session by ``MESSENGER_WEB_SESSION=1`` in its environment,
which the server sets and a visitor cannot (a visitor sends keys and a window
size, nothing else).

Two more things textual-serve leaves open: stopping a session waits for the app
for ever (a hung app kept its slot), and an app that dies leaves the browser
staring at a frozen screen. A stop here kills the process after a grace time,
and a process that ends on its own closes its tab with the reason.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence

from textual_serve.app_service import AppService

log = logging.getLogger("messenger.web")

STOP_GRACE = 5.0  # seconds an app has to quit before it is killed


class MessengerSession(AppService):
    """An ``AppService`` that runs ``argv`` without a shell and knows why it ended."""

    def __init__(self, argv: Sequence[str], extra_env: Mapping[str, str], **kwargs) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = list(argv)
        self.extra_env = dict(extra_env)
        self.last_activity = time.monotonic()
        self.end_reason: str | None = None  # shown to the visitor when the tab closes

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.extra_env)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24):
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # a signal to the server's group never reaches the apps
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def touched(self) -> None:
        """The visitor typed, clicked or resized the window."""
        self.last_activity = time.monotonic()

    def idle_for(self) -> float:
        return time.monotonic() - self.last_activity

    async def run(self) -> None:
        await super().run()
        process = self._process
        if process is None:
            return
        code = await process.wait()
        if code != 0 and self.end_reason is None:
            log.warning("session process %s ended with code %s", process.pid, code)
            self.end_reason = "stopped"
        await self.remote_close()  # the app is gone: the tab says so instead of freezing

    async def stop(self) -> None:
        """Ask the app to quit; kill it when it has not within ``STOP_GRACE``."""
        task, self._task = self._task, None
        if task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_GRACE)
        except TimeoutError:
            process = self._process
            if process is not None and process.returncode is None:
                log.warning("session process %s did not quit; killed", process.pid)
                process.kill()
            await task
