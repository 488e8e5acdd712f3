"""The music library of 10 000 tracks, key → painted (issue 17, every key painted).

    python -m bench.keys_music --db .bench/music-10000-v1.db   # one sample

The bench community holds a catalogue of 200 tracks per scale unit
(``bench/generate_tracks.py``); Music reads only the catalogue and the
person's library, so its figures come from a database of their own
(``library``): one person (``bench``) with ``TRACKS`` tracks in My music, all
of them the catalogue. A sample is a fresh process (as ``bench.keys_child``):
log in, F8 the first time (My music), F2 then F8 again (built), Ctrl+L (All
tracks shown the first time, the search focused), a query set at once (a
paste) to the frame that shows its matches, then 1 (My music) and Ctrl+L
again, both tabs shown before. Prints ``BENCH-KEYS`` and its JSON; ``bench.keys``
runs it beside each community sample.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

from .keys_child import RESULT_MARK, SIZE, quiet_on
from .painting import Clock, painting_driver

TRACKS = 10_000
VERSION = 1  # of the library's rows: a new one is built when this changes
SEED = 20261204
QUERY = "вальс"  # about one track in eight (``WORDS``)
PASSWORD = "quiet-violin-harbour-7"
WORDS = ("Вечерний", "вальс", "Morning", "Walk", "Nocturne", "Ноктюрн", "Rain", "Дождь")
ARTISTS = ("Оркестр терминала", "Terminal Ensemble", "Dvořák", "Müller Trio", "Кино")


def library_path(folder: Path) -> Path:
    return folder / f"music-{TRACKS}-v{VERSION}.db"


def library(folder: Path) -> Path:
    """The library's database (built once, ~10 s): ``TRACKS`` tracks with
    stand-in bytes (nothing plays in a benchmark), every one in My music."""
    path = library_path(folder)
    if path.exists():
        return path
    from models import accounts, clock
    from models.db import close_database, database, open_database
    from models.search_keys import track_keys
    from models.track_words import COLUMNS, TABLE, rows_of

    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    open_database(f"sqlite:///{building}")
    try:
        me = accounts.register("bench", "Bench", "Listener", PASSWORD).user.id
        rng, when = random.Random(SEED), clock.now()
        db = database.obj
        with db.atomic():
            for i in range(1, TRACKS + 1):
                data = f"bench library track {i}".encode()
                title = f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()} {i}"
                artist = rng.choice(ARTISTS)
                keys = track_keys(title, artist)
                media = db.execute_sql(
                    'INSERT INTO "media" ("sha256", "mime", "size", "data", "created_at")'
                    " VALUES (?, 'audio/wav', ?, ?, ?)",
                    (hashlib.sha256(data).hexdigest(), len(data), data, when)).lastrowid
                track = db.execute_sql(
                    'INSERT INTO "track" ("media_id", "title", "artist", "album", "duration",'
                    ' "title_key", "artist_key", "alt_key", "added_by_id", "created_at")'
                    " VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?)",
                    (media, title, artist, rng.uniform(60, 420), keys["title_key"],
                     keys["artist_key"], keys["alt_key"], me, when)).lastrowid
                for word in rows_of(track, keys["title_key"], keys["artist_key"],
                                    keys["alt_key"]):
                    db.execute_sql(f'INSERT INTO "{TABLE}" ({", ".join(COLUMNS)})'
                                   " VALUES (?, ?, ?, ?)", word)
                db.execute_sql('INSERT INTO "user_track" ("user_id", "track_id", "added_at")'
                               " VALUES (?, ?, ?)", (me, track, when))
        db.execute_sql("ANALYZE")
    finally:
        close_database()
    building.rename(path)
    return path


def child(db: str, capture_to: Path | None = None) -> dict:
    from textual.widgets import Input, TabbedContent

    from models import accounts, settings
    from tui.app import make_app
    from tui.widgets.track_table import TrackTable

    from .app_child import _settled
    from .keys_bare import capture, kind_of
    from .keys_repeat import timer

    driver_cls = painting_driver()
    app = make_app(f"sqlite:///{db}", lang="en", driver_class=driver_cls)
    timed_only = timer(app, Clock(), driver_cls)
    result: dict = {}
    captured: dict[str, list] = {}

    async def timed(pilot, key: str, act, ready) -> float:
        took = await timed_only(pilot, key, act, ready)
        if capture_to is not None and kind_of(key) is not None:
            captured[key] = capture(app.screen)  # the frame (half a second on), for keys_bare
        return took

    def music_shown(tab: str):
        ready = quiet_on(app, "MusicScreen")

        def shown() -> bool:
            screen = app.screen
            return (app.current_mode == "music" and ready()
                    and screen.query_one(TabbedContent).active == tab
                    and screen.query_one(f"#{tab}-table", TrackTable).row_count > 0)
        return shown

    async def pilot_run(pilot) -> None:
        await pilot.pause()
        me = accounts.get_user(1)  # the library's one person (``library``)
        app.logged_in(me, settings.user_settings(me.id))
        await _settled(app, pilot)
        result["music_first"] = await timed(pilot, "music_first",
                                            lambda: app.action_section("music"),
                                            music_shown("mine"))
        await timed(pilot, "to_feed", lambda: app.action_section("feed"),
                    lambda: app.current_mode == "feed" and quiet_on(app, "FeedScreen")())
        result["music_built"] = await timed(pilot, "music_built",
                                            lambda: app.action_section("music"),
                                            music_shown("mine"))
        screen = app.screen
        result["music_all"] = await timed(pilot, "music_all", screen.action_focus_search,
                                          music_shown("all"))
        field = screen.query_one("#music-search", Input)

        def matches() -> bool:
            return (music_shown("all")() and screen.answered == QUERY
                    and screen.query_one("#all-table", TrackTable).row_count > 0)

        result["music_search"] = await timed(pilot, "music_search",
                                             lambda: setattr(field, "value", QUERY), matches)
        result["music_found"] = screen.query_one("#all-table", TrackTable).row_count
        # Back to My music (1) and Ctrl+L again: both tabs shown once already.
        result["music_mine"] = await timed(pilot, "music_mine",
                                           lambda: screen.action_tab("mine"), music_shown("mine"))
        result["music_all_again"] = await timed(pilot, "music_all_again",
                                                screen.action_focus_search, music_shown("all"))
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    if capture_to is not None:
        capture_to.write_text(json.dumps(captured))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--capture", type=Path, default=None,
                        help="write each key's painted frame here (for bench.keys_bare)")
    args = parser.parse_args(argv)
    print(RESULT_MARK + json.dumps(child(str(args.db), args.capture)), flush=True)


if __name__ == "__main__":
    main()
