"""``messenger serve``: the app in a browser, one app process per tab (textual-serve).

``MessengerServer`` subclasses textual-serve's ``Server`` rather than wrapping
it, because what it adds happens inside the request handlers that Server owns:

- each tab runs ``MessengerSession`` (web/session.py): the app started without
  a shell, told it is a web session, killed when it does not quit;
- a cap on concurrent sessions: a page that says the server is full instead of
  an app, checked again when the socket opens (two tabs may race for the last
  place);
- an idle limit: a tab without a key, click or resize for ``idle_timeout``
  seconds is closed, and the page says why (the template asks ``/ended/<token>``
  once its socket closes);
- a socket opened by a page of another site (its Origin is not the public
  address) is refused: it would spend a place of the cap;
- one session's crash ends that tab only: its handler catches everything and
  the server keeps serving.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import WSMsgType, web
from textual_serve.server import Server, to_int

from tui.i18n import _

from .session import MessengerSession

log = logging.getLogger("messenger.web")

TEMPLATES = Path(__file__).parent / "templates"
REMEMBERED_ENDINGS = 1000  # reasons kept for tabs that closed; the oldest go first
MAX_COLUMNS, MAX_ROWS = 500, 200  # a window size comes from the visitor: no 10⁶-cell screens


def window_size(width: object, height: object) -> tuple[int, int]:
    """A visitor's window size in cells, within what a real window can be."""
    columns = to_int(str(width), 80)
    rows = to_int(str(height), 24)
    return max(10, min(columns, MAX_COLUMNS)), max(5, min(rows, MAX_ROWS))


def duration_text(seconds: float) -> str:
    """``1800`` → "30 minutes" (the idle limit as a visitor reads it)."""
    if seconds % 3600 == 0:
        return _("{n} h").format(n=int(seconds // 3600))
    if seconds % 60 == 0:
        return _("{n} min").format(n=int(seconds // 60))
    return _("{n} s").format(n=int(seconds))


class MessengerServer(Server):
    """textual-serve's server with session limits (see the module docstring)."""

    def __init__(
        self,
        argv: Sequence[str],
        extra_env: Mapping[str, str],
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        max_sessions: int = 50,
        idle_timeout: float = 30 * 60,
    ) -> None:
        super().__init__(
            " ".join(argv), host=host, port=port, title="Messenger",
            public_url=public_url, templates_path=TEMPLATES,
        )
        self.argv = list(argv)
        self.extra_env = dict(extra_env)
        self.max_sessions = max_sessions
        self.idle_timeout = idle_timeout
        self.sessions: set[MessengerSession] = set()
        self._endings: dict[str, str] = {}

    # ------------------------------------------------------------ routes

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        # the token is in the path: textual.js appends "?width=…&height=…" to the socket URL
        app.router.add_get("/ws/{token}", self.handle_websocket, name="tab")
        app.router.add_get("/ended/{token}", self.handle_ended, name="ended")
        return app

    def _full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    def _reason_text(self, reason: str) -> str:
        if reason == "idle":
            return _("Closed after {time} without activity. Reload the page to start "
                     "again.").format(time=duration_text(self.idle_timeout))
        if reason == "full":
            return self._full_text()
        if reason == "stopped":
            return _("The app stopped unexpectedly. Reload the page to start again.")
        return _("Session ended.")

    def _full_text(self) -> str:
        return _("Messenger is full (sessions open: {n}). Try again in a few "
                 "minutes.").format(n=self.max_sessions)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self._full():
            text = html.escape(self._full_text())
            return web.Response(
                status=503, content_type="text/html", headers={"Retry-After": "60"},
                text=f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
                     f"<meta http-equiv='refresh' content='60'><title>Messenger</title></head><body><p id='full'>{text}</p>"
                     f"</body></html>",
            )
        token = secrets.token_urlsafe(16)
        router = request.app.router
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": self._socket_url(router["tab"].url_for(token=token)),
            "config": {"static": {"url": self.public_url + "/static/"}},
            "application": {"name": self.title},
            "ended_url": f"{self.public_url}{router['ended'].url_for(token=token)}",
            "ended_text": _("Session ended."),
            "restart_text": _("Start again"),
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def _origin(self) -> str:
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    def _socket_url(self, path) -> str:
        url = f"{self.public_url}{path}"
        scheme = "wss" if self.public_url.startswith("https") else "ws"
        return scheme + ":" + url.split(":", 1)[1]

    async def handle_ended(self, request: web.Request) -> web.Response:
        reason = self._endings.get(request.match_info["token"], "")
        return web.Response(text=self._reason_text(reason) if reason else "",
                            headers={"Cache-Control": "no-store"})

    def _remember_ending(self, token: str, reason: str) -> None:
        if not token:
            return
        self._endings[token] = reason
        while len(self._endings) > REMEMBERED_ENDINGS:
            del self._endings[next(iter(self._endings))]

    # ------------------------------------------------------------ a tab

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        token = request.match_info.get("token", "")[:64]
        width, height = window_size(request.query.get("width", 80),
                                    request.query.get("height", 24))
        session: MessengerSession | None = None
        watchdog: asyncio.Task | None = None
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/") != self._origin():
            # another site's page opening a session in its visitor's browser
            raise web.HTTPForbidden(text="This page is served from another address.")
        try:
            await websocket.prepare(request)
            if self._full():
                self._remember_ending(token, "full")
                await websocket.close()
                return websocket
            session = MessengerSession(
                self.argv, self.extra_env,
                write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close, download_manager=self.download_manager,
                debug=self.debug,
            )
            self.sessions.add(session)
            await session.start(width, height)
            log.info("session started: process %s, %d open", session.pid, len(self.sessions))
            if self.idle_timeout > 0:
                watchdog = asyncio.create_task(self._close_when_idle(session))
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure never stops the server
            log.exception(error)
        finally:
            if watchdog is not None:
                watchdog.cancel()
            if session is not None:
                try:
                    await session.stop()
                except Exception as error:
                    log.exception(error)
                self.sessions.discard(session)
                if session.end_reason:
                    self._remember_ending(token, session.end_reason)
                log.info("session ended: process %s, %d open", session.pid, len(self.sessions))
            if not websocket.closed:
                await websocket.close()
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: MessengerSession) -> None:
        """textual-serve's loop, noting activity (keys, mouse, resize; not pings)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            envelope = message.json()
            if not isinstance(envelope, list) or not envelope:
                continue
            kind = envelope[0]
            if kind == "stdin":
                app_service.touched()
                await app_service.send_bytes(str(envelope[1]).encode("utf-8"))
            elif kind == "resize":
                app_service.touched()
                data = envelope[1] if isinstance(envelope[1], dict) else {}
                await app_service.set_terminal_size(
                    *window_size(data.get("width", 80), data.get("height", 24)))
            elif kind == "ping":
                await websocket.send_json(["pong", envelope[1]])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def _close_when_idle(self, session: MessengerSession) -> None:
        while True:
            left = self.idle_timeout - session.idle_for()
            if left <= 0:
                break
            await asyncio.sleep(min(left, 60.0))
        log.info("session process %s idle for %.0f s: closed", session.pid, session.idle_for())
        session.end_reason = "idle"
        await session.stop()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C or SIGTERM: every tab's app is asked to quit (killed if it does not),
        so the server stops at once and leaves no app running behind it."""
        sessions = list(self.sessions)
        await asyncio.gather(*(session.stop() for session in sessions), return_exceptions=True)
        log.info("stopped %d sessions", len(sessions))

    async def on_startup(self, app: web.Application) -> None:
        where = f"http://{self.host}:{self.port}"
        self.console.print(f"Messenger on {where} (public address {self.public_url}); "
                           f"at most {self.max_sessions} sessions, idle ones closed after "
                           f"{duration_text(self.idle_timeout) if self.idle_timeout else 'never'}.",
                           highlight=False, markup=False, soft_wrap=True)
        if self.host in ("127.0.0.1", "localhost", "::1"):
            self.console.print("Listening on this machine only; put a TLS reverse proxy in "
                               "front of it for others (README: In a browser).",
                               highlight=False, markup=False, soft_wrap=True)
        else:
            self.console.print(f"Listening on {self.host}: plain HTTP. Let only a TLS reverse "
                               "proxy reach this port (README: In a browser).",
                               highlight=False, markup=False, soft_wrap=True)
        self.console.print("Press Ctrl+C to stop.", highlight=False, markup=False, soft_wrap=True)
