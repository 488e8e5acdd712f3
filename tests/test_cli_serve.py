"""`messenger serve`: its options, and the one command each browser tab runs."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli.serve import app_command, duration

ROOT = Path(__file__).resolve().parents[1]


def test_idle_times_read_as_an_operator_writes_them():
    assert duration("30m") == 1800
    assert duration("90s") == 90
    assert duration("2h") == 7200
    assert duration("15") == 900  # plain: minutes
    assert duration("0") == 0  # never
    for bad in ("", "soon", "-5m", "1d", "5 m s"):
        with pytest.raises(argparse.ArgumentTypeError):
            duration(bad)


def test_a_tab_runs_the_app_alone_with_no_shell():
    """The command is this Python running the app's module (-P: nothing from the
    current folder), with the operator's language; no shell, no user input."""
    assert app_command(None) == [sys.executable, "-P", "-m", "cli"]
    assert app_command("ru") == [sys.executable, "-P", "-m", "cli", "--lang", "ru"]


def serve_refusal(tmp_path, *options: str) -> str:
    """What ``messenger serve`` prints when it refuses to start (exit code 1)."""
    result = subprocess.run(
        [sys.executable, "-m", "cli", "serve", "--db", f"sqlite:///{tmp_path / 'x.db'}",
         *options],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


def test_refusals_are_one_line_and_exit_1(tmp_path):
    assert serve_refusal(tmp_path, "--upload-dir", str(tmp_path / "nowhere")) == (
        f"messenger: --upload-dir: no such folder: {tmp_path / 'nowhere'}")
    assert serve_refusal(tmp_path, "--public-url", "chat.example.org") == (
        "messenger: --public-url: not an address like https://chat.example.org: "
        "chat.example.org")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refusal = serve_refusal(tmp_path, "--port", str(port))
    assert refusal.splitlines()[-1].startswith(f"messenger: cannot listen on 127.0.0.1:{port}: ")


def test_a_page_of_another_site_cannot_open_a_session(tmp_path):
    """A socket whose Origin is not the server's own address is refused (it would
    take a place of the cap in the name of whoever visits the other site)."""
    import asyncio

    import aiohttp

    from tests.web.harness import served

    async def attempt(url: str, origin: str) -> int:
        async with aiohttp.ClientSession() as client:
            try:
                async with client.ws_connect(f"{url.replace('http', 'ws')}/ws/t",
                                             headers={"Origin": origin}) as socket:
                    await socket.close()
                    return 101
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status

    db_url = f"sqlite:///{tmp_path / 'x.db'}"
    with served(db_url, "--idle-timeout", "0", log=tmp_path / "serve.log") as (url, _):
        assert asyncio.run(attempt(url, "https://evil.example")) == 403
        assert asyncio.run(attempt(url, url)) == 101


def test_a_socket_over_the_cap_is_closed_and_its_page_learns_why(tmp_path):
    """Two pages loaded while one place was free: the second socket is closed at
    once, and its page's "ended" box gets the 'full' text."""
    import asyncio

    import aiohttp

    from tests.web.harness import served

    async def race(url: str) -> tuple[bool, str]:
        socket_url = url.replace("http", "ws")
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(f"{socket_url}/ws/first",
                                         headers={"Origin": url}) as first:
                await first.receive()  # the app has started: the place is taken
                async with client.ws_connect(f"{socket_url}/ws/second",
                                             headers={"Origin": url}) as second:
                    message = await second.receive()
                    closed = message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
                async with client.get(f"{url}/ended/second") as response:
                    return closed, await response.text()

    db_url = f"sqlite:///{tmp_path / 'x.db'}"
    with served(db_url, "--max-sessions", "1", log=tmp_path / "serve.log") as (url, _):
        closed, reason = asyncio.run(race(url))
    assert closed
    assert reason == ("Messenger is full (sessions open: 1). Try again in a few "
                      "minutes.")


def test_a_window_size_from_the_page_is_kept_to_what_a_window_can_be():
    from web.server import window_size

    assert window_size("132", "43") == (132, 43)
    assert window_size("1000000", "1000000") == (500, 200)
    assert window_size("-5", "0") == (10, 5)
    assert window_size("wide", None) == (80, 24)


def test_stopping_the_server_stops_every_tab_app_with_it(tmp_path):
    """SIGTERM with a tab open: the server ends at once and no app is left running."""
    import asyncio
    import signal

    import aiohttp

    from tests.web.harness import children, served

    async def open_tab_then_stop(url: str, server) -> list[int]:
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(f"{url.replace('http', 'ws')}/ws/t",
                                         headers={"Origin": url}) as tab:
                await tab.receive()  # the app has started
                apps = children(server.pid)
                server.send_signal(signal.SIGTERM)
                await asyncio.to_thread(server.wait, 30)
                return apps

    db_url = f"sqlite:///{tmp_path / 'x.db'}"
    with served(db_url, log=tmp_path / "serve.log") as (url, server):
        apps = asyncio.run(open_tab_then_stop(url, server))
        assert server.returncode == 0
    assert len(apps) == 1
    assert not Path(f"/proc/{apps[0]}").exists()
