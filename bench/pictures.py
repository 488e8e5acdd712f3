"""Pictures (issue 13): what attachments cost a chat page, the feed and the app.

    python -m bench.pictures                 # 200 runs per domain figure, 7 app samples
    python -m bench.pictures --runs 50 --samples 3

Builds its own small SQLite database in a temporary folder (the community
database of ``bench/generate.py`` has no pictures; it carries tracks on 10 % of
its posts, ``bench/generate_tracks.py``): a dialog of 300
messages, 30 % of them with 1–3 pictures, and 300 posts, 30 % with a picture
and 10 % with a track. Measured, median and p95:

* domain: a chat page (50 messages, ``dialogs.history``) — target ≤ 1 ms; the
  feed's first page (20 posts, ``posts.feed_everyone``) — target p95 ≤ 5 ms;
* app (in-process Pilot, headless): opening the chat with 20 pictured messages
  on screen, thumbnails cached (the chat opened once before), to the frame
  after its page is shown, beside a bare Textual app mounting 50 ``Static``
  lines — target ≤ 1.5×.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import tempfile
import time
from pathlib import Path

from PIL import Image

from .workers import workers_done


def _picture(seed: int):
    from models.images import prepare_image

    image = Image.new("RGB", (640, 400), ((seed * 37) % 256, (seed * 91) % 256, 120))
    image.paste(((seed * 53) % 256, 40, 200), (0, 200, 640, 400))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return prepare_image(out.getvalue(), name=f"p{seed}.jpg")


def build(path: Path) -> tuple[int, int]:
    """People 1 and 2, their pictured dialog and the feed; returns their ids."""
    from models import accounts, clock, messages, posts, track_words
    from models.db import database, open_database
    from models.schema import Media, Track

    open_database(f"sqlite:///{path}")
    password = "correct horse battery staple pictures"
    me = accounts.register("bench", "Bench", "Person", password, password).user.id
    peer = accounts.register("peer", "Peer", "Person", password, password).user.id
    pictures = [_picture(i) for i in range(12)]
    audio = Media.create(sha256="0" * 64, mime="audio/ogg", size=3, data=b"ogg",
                         created_at=clock.now())
    track = Track.create(media=audio.id, title="Song", artist="Band", duration=192.0,
                         title_key="song", artist_key="band", created_at=clock.now()).id
    track_words.store(database, track, "song", "band", None)  # found by name, as an import
    for i in range(300):
        attached = pictures[i % 12: i % 12 + 1 + i % 3] if i % 10 < 3 else []
        messages.send_message(peer if i % 2 else me, me if i % 2 else peer, f"message {i}",
                              messages.new_client_id(), attachments=attached)
    for i in range(300):
        attached = [pictures[i % 12]] if i % 10 < 3 else [track] if i % 10 == 3 else []
        posts.create_post(me if i % 3 else peer, f"post {i}", attachments=attached)
    # the newest 20 messages all pictured: what the app figure opens
    for i in range(20):
        messages.send_message(peer, me, f"look {i}", messages.new_client_id(),
                              attachments=[pictures[i % 12]])
    return me, peer


def _timed(call, runs: int) -> tuple[float, float]:
    for _ in range(3):
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def domain(me: int, peer: int, runs: int) -> dict:
    from models import dialogs, posts

    page = dialogs.history(me, peer, limit=50)
    feed = posts.feed_everyone(me)
    assert sum(bool(m.attachments) for m in page) >= 20
    assert sum(bool(p.attachments) for p in feed.items) >= 6
    chat = _timed(lambda: dialogs.history(me, peer, limit=50), runs)
    first = _timed(lambda: posts.feed_everyone(me), runs)
    return {"chat_page_ms": chat, "feed_first_page_ms": first}


async def settle(pilot, rounds: int = 3) -> None:
    """The app's workers done and what they brought on screen (the tests'
    ``settle`` without its wait for tab underlines: no tabs here). Not
    imported from the tests: ``make bench`` runs where pytest is not installed."""
    for _ in range(rounds):
        await workers_done(pilot.app)
        await pilot.pause()


async def _app_open(url: str, me_ref, peer: int) -> float:
    from tui.app import make_app
    from tui.widgets.chat_view import ChatView

    app = make_app(url, cursor_blink=False)
    app.start_user = me_ref
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        app.open_dialog(peer)  # once: the thumbnails are rendered and cached
        await settle(pilot)
        await settle(pilot)
        app.open_dialog(me_ref.id)  # away (saved notes) …
        await settle(pilot)
        started = time.perf_counter()
        app.open_dialog(peer)  # … and back: the figure
        chat = app.screen.query_one(ChatView)
        while not any(m.attachments for m in chat.items) or chat.items[-1].text != "look 19":
            await pilot.pause()
        await pilot.pause()  # the frame that shows it
        return (time.perf_counter() - started) * 1000


async def _bare() -> float:
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    app = App()
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        await app.screen.mount(VerticalScroll(*(Static(f"line {i}: a static line of text")
                                                for i in range(50))))
        await pilot.pause()
        return (time.perf_counter() - started) * 1000


def app_figures(url: str, me: int, samples: int) -> dict:
    from models.dialogs import load_users

    me_ref = load_users(me, me)[me]
    peer = 2
    opens = sorted(asyncio.run(_app_open(url, me_ref, peer)) for _ in range(samples))
    bares = sorted(asyncio.run(_bare()) for _ in range(samples))
    return {"chat_open_20_pictures_ms": statistics.median(opens),
            "bare_mount50_ms": statistics.median(bares),
            "ratio": statistics.median(opens) / statistics.median(bares)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--samples", type=int, default=7)
    args = parser.parse_args(argv)
    from models import clock

    with tempfile.TemporaryDirectory(prefix="bench-pictures-") as folder:
        path = Path(folder) / "pictures.db"
        clock.freeze(None)
        me, peer = build(path)
        found = domain(me, peer, args.runs)
        url = f"sqlite:///{path}"
        from models.db import close_database

        close_database()
        found.update(app_figures(url, me, args.samples))
    chat, feed = found["chat_page_ms"], found["feed_first_page_ms"]
    print("pictures (issue 13)                    median     p95   target")
    print(f"chat page, 50 messages, 30% pictured  {chat[0]:6.2f}  {chat[1]:6.2f}   ≤ 1 ms")
    print(f"feed first page, 30% pictures 10% tr  {feed[0]:6.2f}  {feed[1]:6.2f}   p95 ≤ 5 ms")
    print(f"app: chat open, 20 pictures on screen {found['chat_open_20_pictures_ms']:6.1f} ms")
    print(f"bare app: 50 Static lines mounted     {found['bare_mount50_ms']:6.1f} ms")
    print(f"ratio                                 {found['ratio']:6.2f}×          ≤ 1.5×")


if __name__ == "__main__":
    main()
