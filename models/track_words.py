"""Track search by word start, with the same work however many tracks the
catalogue holds (``tracks.search_tracks``, ``tracks.my_tracks``; schema 17).

A track is found when the query starts one of the words of its title or of
its artist (any case, accents, ё/е, either spelling of a German name: the
stored keys ``title_key``, ``artist_key``, ``alt_key``) and goes on from
there within that title or artist — the rule of community names
(models/community_words.py): ``вальс`` finds "Вечерний вальс", ``шах`` and
``«шах`` find "Клуб «Шахматы»", ``roll`` finds "Rock-n-roll"; the middle of a
word (``alk`` in "Walk") finds nothing. A word start is where a letter or
digit follows a non-letter, or anything follows a space.

Until schema 17 a track was matched by its keys starting with the query or
holding it after a space: no index answers the second, so a search read
every track's keys in title order. Now every beginning of each word start's
tail is a row of ``track_word`` (``prefix``, the track's ``title_key`` — its
place in the catalogue's order — and id), cut by the same function as a
community's (``community_words.prefixes_of``, up to ``CAP`` characters, the
``CAP``-long ones with their tail). A query is one run of the index
``(prefix, title_key, track_id)``, already in the catalogue's order.

Rows are written when a track enters the catalogue (``store``; the title and
artist of a track never change after) and go with it (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from . import community_words, search_keys, text
from .community_words import CAP

TABLE = "track_word"
COLUMNS = ("track_id", "prefix", "tail", "title_key")


def search_text(title_key: str, artist_key: str, alt_key: str | None) -> str:
    """The lines words are cut from: the title's and the artist's keys, and
    their other spellings (``alt_key``: each line after a space)."""
    lines = [title_key, artist_key]
    if alt_key:
        lines += [line[1:] if line.startswith(" ") else line for line in alt_key.split("\n")]
    return "\n".join(lines)


def rows_of(track_id: int, title_key: str, artist_key: str, alt_key: str | None) -> list[tuple]:
    """The ``track_word`` rows (track_id, prefix, tail, title_key) of a track's keys."""
    return [(track_id, prefix, tail, title_key)
            for prefix, tail in community_words.prefixes_of(
                search_text(title_key, artist_key, alt_key))]


def store(db, track_id: int, title_key: str, artist_key: str, alt_key: str | None) -> None:
    """Write a track's rows (as it enters the catalogue), replacing any."""
    db.execute_sql(f'DELETE FROM "{TABLE}" WHERE track_id = {db.param}', (track_id,))
    insert_rows(db, rows_of(track_id, title_key, artist_key, alt_key))


def insert_rows(db, rows: list[tuple]) -> None:
    """Insert ``rows_of`` rows, many to a statement."""
    community_words.insert_rows(db, rows, table=TABLE, columns=COLUMNS)


def matching_ids(query: search_keys.QueryKeys, p: str,
                 wanted: int | None = None) -> tuple[str, list]:
    """A statement (SQL, parameters) for the ids of the tracks ``query``
    finds: with ``wanted``, the first that many in the catalogue's order
    (title key, id) — and perhaps some after them (the caller orders and
    cuts); without, all of them."""
    limit = "" if wanted is None else f" ORDER BY v.title_key, i LIMIT {p}"
    selects, params = [], []
    for key in dict.fromkeys(k for k in (query.key, query.alternative) if k):
        name = f"tw{len(selects)}"
        if len(key) < CAP:
            where, values = f"v.prefix = {p}", [key]
        else:  # the run of its first CAP characters, checking the whole tail
            where = f"v.prefix = {p} AND v.tail >= {p} AND v.tail < {p}"
            values = [key[:CAP], key, text.prefix_upper_bound(key)]
        distinct = "DISTINCT " if len(key) >= CAP and wanted is not None else ""
        order = ", v.title_key" if distinct else ""
        selects.append(f"SELECT i FROM (SELECT {distinct}v.track_id AS i{order} "
                       f"FROM {TABLE} v WHERE {where}{limit}) {name}")
        params += values + ([] if wanted is None else [wanted])
    return "\nUNION\n".join(selects), params
