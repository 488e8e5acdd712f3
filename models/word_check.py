"""``messenger db check`` for the tables of word prefixes that name searches
read: do ``community_word`` (schema 16) and ``track_word`` (schema 17) hold
exactly the rows their communities' and tracks' stored search keys make?
Each disagreement is named by the community's or track's id.

The rows a community or a track should have are cut from its stored keys by
the same function that writes them (``community_words.rows_of``,
``track_words.rows_of``) and compared, a batch of ids at a time, with the
rows stored: a community or track with none stored (missing — a search does
not find it), rows of an id that no longer exists (extra — cannot happen with
the foreign key's cascade, but SQLite keeps no foreign key when it is off),
and rows that differ from what its keys make (stale — a rename whose words
were not rewritten: the old name still finds it, the new one does not).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import peewee

from . import community_words, track_words
from .search_check import _ids

BATCH = 2_000


@dataclass(frozen=True, slots=True)
class WordTable:
    table: str  # the table of prefixes
    columns: tuple[str, ...]  # its (owner id, prefix, tail, sort key), as rows_of makes them
    parent: str  # the owners' table
    keys: tuple[str, ...]  # the owner's columns its rows are cut from
    rows_of: Callable[..., list[tuple]]  # (id, *keys) -> rows
    what: str  # the owners, in a sentence

    @property
    def owner(self) -> str:
        return self.columns[0]


COMMUNITY_WORDS = WordTable(community_words.TABLE, community_words.COLUMNS, "community",
                            ("name_key", "name_search"), community_words.rows_of, "communities")
TRACK_WORDS = WordTable(track_words.TABLE, track_words.COLUMNS, "track",
                        ("title_key", "artist_key", "alt_key"), track_words.rows_of, "tracks")
WORD_TABLES = (COMMUNITY_WORDS, TRACK_WORDS)


def word_problems(db: peewee.Database) -> list[str]:
    """Readable lines, one per kind of disagreement per table; empty when
    every table of prefixes agrees with its owners' keys."""
    present = set(db.get_tables())
    problems: list[str] = []
    for spec in WORD_TABLES:
        if spec.table not in present:
            problems.append(f"Name search: table {spec.table} is missing: "
                            "run `messenger db upgrade`.")
            continue
        missing, extra, stale = disagreements(db, spec)
        label = f"Name search ({spec.table})"
        if missing:
            problems.append(f"{label}: {len(missing)} {spec.what} have no words stored, so no "
                            f"search finds them (ids {_ids(missing)}).")
        if extra:
            problems.append(f"{label}: words are stored for {len(extra)} {spec.what} that do "
                            f"not exist (ids {_ids(extra)}).")
        if stale:
            problems.append(f"{label}: {len(stale)} {spec.what} have other words stored than "
                            f"their names make (ids {_ids(stale)}).")
    return problems


def disagreements(db: peewee.Database, spec: WordTable) -> tuple[list[int], list[int], list[int]]:
    """(missing, extra, stale) ids of ``spec``'s owners, a batch of ids at a time."""
    p = db.param
    top = max(
        db.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{spec.parent}"').fetchone()[0],
        db.execute_sql(f'SELECT COALESCE(MAX("{spec.owner}"), 0) FROM "{spec.table}"'
                       ).fetchone()[0])
    missing: list[int] = []
    extra: list[int] = []
    stale: list[int] = []
    low = 0
    while low < top:
        high = low + BATCH
        wanted = {row[0]: sorted(spec.rows_of(*row), key=repr) for row in db.execute_sql(
            f'SELECT id, {", ".join(spec.keys)} FROM "{spec.parent}" '
            f"WHERE id > {p} AND id <= {p}", (low, high)).fetchall()}
        stored: dict[int, list[tuple]] = defaultdict(list)
        for row in db.execute_sql(
                f'SELECT {", ".join(spec.columns)} FROM "{spec.table}" '
                f'WHERE "{spec.owner}" > {p} AND "{spec.owner}" <= {p}', (low, high)).fetchall():
            stored[row[0]].append(tuple(row))
        for owner_id in sorted(wanted.keys() | stored.keys()):
            if owner_id not in wanted:
                extra.append(owner_id)
            elif owner_id not in stored:
                if wanted[owner_id]:
                    missing.append(owner_id)
            elif sorted(stored[owner_id], key=repr) != wanted[owner_id]:
                stale.append(owner_id)
        low = high
    return missing, extra, stale
