"""Shared tracks in the benchmark community (``bench/generate.py`` calls
``fill_track_attachments`` last, with its own random stream, so the rest of
the data is what it was).

A catalogue of 200 tracks at ``--scale 1`` (stand-in bytes: nothing plays in
a benchmark) and a track attached to 10 % of the posts, as a share from Music
leaves it: an ``attachment`` row of kind ``track`` at position 0. The feed's
first page then loads its cards with the posts (``bench/run.py``).
"""

from __future__ import annotations

import hashlib
import random

TRACK_SHARE = 0.10  # of the posts carry a track
SEED = 20261203


def fill_track_attachments(conn, scale: float, posts: int, when: str) -> dict[str, int]:
    from models.search_keys import track_keys
    from models.track_words import COLUMNS, TABLE, rows_of

    rng = random.Random(SEED)
    catalogue = max(5, round(200 * scale))
    media, tracks = [], []
    for tid in range(1, catalogue + 1):
        data = f"bench track {tid}".encode()
        media.append((hashlib.sha256(data).hexdigest(), "audio/wav", len(data), data, when))
        title, artist = f"Трек {tid}", rng.choice(["Оркестр терминала", "Terminal Ensemble",
                                                   "Dvořák", "Müller Trio"])
        keys = track_keys(title, artist)
        tracks.append((tid, title, artist, "", rng.uniform(60, 420), keys["title_key"],
                       keys["artist_key"], keys["alt_key"], when))
    first_media = _insert_media(conn, media)
    conn.executemany(
        'INSERT INTO "track" ("media_id", "title", "artist", "album", "duration", "title_key",'
        ' "artist_key", "alt_key", "created_at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [(first_media + i, *row[1:]) for i, row in enumerate(tracks)],
    )
    first_track = conn.execute('SELECT MIN("id") FROM "track"').fetchone()[0]
    # the words a search reads (schema 17), as an import writes them
    conn.executemany(
        f'INSERT INTO "{TABLE}" ({", ".join(COLUMNS)}) VALUES (?, ?, ?, ?)',
        [word for i, row in enumerate(tracks) for word in rows_of(first_track + i, *row[5:8])],
    )
    chosen = sorted(rng.sample(range(1, posts + 1), round(posts * TRACK_SHARE)))
    conn.executemany(
        'INSERT INTO "attachment" ("post_id", "position", "kind", "track_id")'
        " VALUES (?, 0, 'track', ?)",
        [(post, first_track + rng.randrange(catalogue)) for post in chosen],
    )
    return {"tracks": catalogue, "posts_with_tracks": len(chosen)}


def _insert_media(conn, rows: list[tuple]) -> int:
    """Insert the media rows; the id of the first (they are consecutive)."""
    before = conn.execute('SELECT COALESCE(MAX("id"), 0) FROM "media"').fetchone()[0]
    conn.executemany(
        'INSERT INTO "media" ("sha256", "mime", "size", "data", "created_at")'
        " VALUES (?, ?, ?, ?, ?)", rows)
    return before + 1
