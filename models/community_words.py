"""Community search by word start, with the same work however many
communities there are (``communities.all_communities``, schema 16).

A community is found when the query starts one of the words of its name
(any case, accents, ё/е, either spelling of a German name: the stored search
keys, ``search_keys.community_search``) and goes on from there: ``chess``
finds "Chess club" and "Club of chess", ``club of ch`` finds the second,
``«шах`` and ``шах`` both find "Клуб «Шахматы»". The middle of a word (``hess``)
finds nothing, as in people search. A word starts where a letter or digit
follows a non-letter, or anything follows a space.

Until schema 16 the name was matched anywhere inside it: no index answers
that, so a search read every community in name order until a page was full —
all of them when nothing matched. Now every beginning of a word start's
*tail* (the line from there to its end) is a row of ``community_word``:
``prefix``, the community's ``name_key`` (its place in a list) and id. For
"Chess club": ``c``, ``ch`` … ``chess club``, ``c``, ``cl`` … ``club`` — each
prefix once per community. A query is then one run of the index ``(prefix,
name_key)``, already in name order: a page reads its communities and stops,
whatever the size of the community or the query's length or frequency.

Prefixes stop at ``CAP`` characters: the row of a word start whose tail is at
least that long keeps the whole ``tail``, and a longer query reads the run of
its first ``CAP`` characters checking the tail (such runs are a few rows).
A name of 80 characters makes at most a few hundred rows; "Community 12345"
twenty.

Rows are written beside the community (``store``) and go with it (``ON
DELETE CASCADE``).
"""

from __future__ import annotations

import re

from . import search_keys, text

TABLE = "community_word"
CAP = 24  # characters of the longest prefix stored
_WORD_START = re.compile(r"(?:^|(?<=\s))\S|(?<![^\W_])[^\W_]")


def tails_of(name_search: str) -> list[str]:
    """The tail of every word start of a stored ``name_search`` (both its
    lines), each once."""
    return list(dict.fromkeys(
        line[start.start():]
        for line in name_search.split("\n") for start in _WORD_START.finditer(line)
    ))


def prefixes_of(search_text: str) -> list[tuple[str, str | None]]:
    """(prefix, tail) of every word start of ``search_text`` (its lines
    apart): each prefix shorter than ``CAP`` once with no tail, and a
    ``CAP``-long one with each tail it begins. Shared by every table of
    word prefixes (``community_word``, ``track_word``)."""
    short: dict[str, None] = {}
    long: dict[tuple[str, str], None] = {}
    for tail in tails_of(search_text):
        short.update(dict.fromkeys(tail[:length] for length in range(1, min(len(tail), CAP - 1) + 1)))
        if len(tail) >= CAP:
            long[(tail[:CAP], tail)] = None
    return [(prefix, None) for prefix in short] + list(long)


def rows_of(community_id: int, name_key: str, name_search: str) -> list[tuple]:
    """The ``community_word`` rows (community_id, prefix, tail, name_key): each
    prefix shorter than ``CAP`` once, and a ``CAP``-long one with its tail."""
    return [(community_id, prefix, tail, name_key) for prefix, tail in prefixes_of(name_search)]


def store(db, community_id: int, name_key: str, name_search: str) -> None:
    """Write a community's rows (after a create or a rename), replacing any."""
    p = db.param
    db.execute_sql(f'DELETE FROM "{TABLE}" WHERE community_id = {p}', (community_id,))
    insert_rows(db, rows_of(community_id, name_key, name_search))


COLUMNS = ("community_id", "prefix", "tail", "name_key")


def insert_rows(db, rows: list[tuple], per_statement: int = 1000, table: str = TABLE,
                columns: tuple[str, ...] = COLUMNS) -> None:
    """Insert ``rows_of`` rows, many to a statement (within every backend's
    limit on parameters)."""
    p = db.param
    row_marks = "(" + ", ".join([p] * len(columns)) + ")"
    for at in range(0, len(rows), per_statement):
        part = rows[at:at + per_statement]
        values = ", ".join([row_marks] * len(part))
        db.execute_sql(
            f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES {values}',
            [v for row in part for v in row])


_RUN = """SELECT i FROM (
  SELECT v.community_id AS i FROM community_word v
  WHERE v.prefix = {p} AND v.name_key > {p} ORDER BY v.name_key LIMIT {p}) {name}"""

_LONG = """SELECT i FROM (
  SELECT DISTINCT v.community_id AS i, v.name_key FROM community_word v
  WHERE v.prefix = {p} AND v.tail >= {p} AND v.tail < {p} AND v.name_key > {p}
  ORDER BY v.name_key LIMIT {p}) {name}"""


def matching_ids(query: search_keys.QueryKeys, after: str | None, wanted: int,
                 p: str) -> tuple[str, list]:
    """A statement (SQL, parameters) for the ids of the first ``wanted``
    communities, by name after the name key ``after``, that ``query`` finds
    — and perhaps some after them (the caller orders and cuts)."""
    start = after or ""
    selects, params = [], []
    for key in dict.fromkeys(k for k in (query.key, query.alternative) if k):
        name = f"cw{len(selects)}"
        if len(key) < CAP:
            selects.append(_RUN.format(p=p, name=name))
            params += [key, start, wanted]
        else:
            selects.append(_LONG.format(p=p, name=name))
            params += [key[:CAP], key, text.prefix_upper_bound(key), start, wanted]
    return "\nUNION\n".join(selects), params
