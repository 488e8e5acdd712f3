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
all of them when nothing matched. Now each word start of a name is a row of
``community_word``: ``word`` (the text from there to the next space),
``tail`` (from there to the end of the line) and the community's ``name_key``.

* A query of one word is a *walk* (a recursive CTE, SQLite and PostgreSQL
  alike, as ``people_walk``): over the distinct words starting with the query,
  one seek each on the index ``(word, name_key)``, and within a word the next
  community in name order, one seek each, up to a page. A page costs its
  communities times the distinct words that start with the query — a matter
  of the vocabulary, not of how many communities use those words.
* A query of several words is a range of ``tail`` (its first words are whole
  words: a space follows them), whose communities are sorted: it costs the
  communities it finds.

Rows are written beside the community (``store``) and go with it (``ON
DELETE CASCADE``).
"""

from __future__ import annotations

import re

from . import search_keys, text

TABLE = "community_word"
_WORD_START = re.compile(r"(?:^|(?<=\s))\S|(?<![^\W_])[^\W_]")
_SPACE = re.compile(r"\s")


def words_of(name_search: str) -> list[tuple[str, str]]:
    """The (word, tail) of every word start of a stored ``name_search`` (both
    its lines), each pair once."""
    found: dict[tuple[str, str], None] = {}
    for line in name_search.split("\n"):
        for start in _WORD_START.finditer(line):
            tail = line[start.start():]
            found[(_SPACE.split(tail, 1)[0], tail)] = None
    return list(found)


def rows_of(community_id: int, name_key: str, name_search: str) -> list[tuple]:
    """The ``community_word`` rows (community_id, word, tail, name_key)."""
    return [(community_id, word, tail, name_key) for word, tail in words_of(name_search)]


def store(db, community_id: int, name_key: str, name_search: str) -> None:
    """Write a community's words (after a create or a rename), replacing any."""
    p = db.param
    db.execute_sql(f'DELETE FROM "{TABLE}" WHERE community_id = {p}', (community_id,))
    insert_rows(db, rows_of(community_id, name_key, name_search))


def insert_rows(db, rows: list[tuple], per_statement: int = 1000) -> None:
    """Insert ``rows_of`` rows, many to a statement (within every backend's
    limit on parameters)."""
    p = db.param
    for at in range(0, len(rows), per_statement):
        part = rows[at:at + per_statement]
        values = ", ".join(f"({p}, {p}, {p}, {p})" for _ in part)
        db.execute_sql(
            f'INSERT INTO "{TABLE}" (community_id, word, tail, name_key) VALUES {values}',
            [v for row in part for v in row])


_WALK = """{name}(w, k, i, n, hit) AS (
  SELECT CAST((SELECT v.word FROM community_word v WHERE v.word >= {p} AND v.word < {p}
               ORDER BY v.word LIMIT 1) AS TEXT), CAST({p} AS TEXT), 0, 0, 0
  UNION ALL
  SELECT CAST(CASE WHEN c.id IS NULL THEN (
           SELECT v.word FROM community_word v WHERE v.word > w.w AND v.word < {p}
           ORDER BY v.word LIMIT 1) ELSE w.w END AS TEXT),
         CAST(CASE WHEN c.id IS NULL THEN {p} ELSE c.name_key END AS TEXT),
         COALESCE(c.id, 0),
         CASE WHEN c.id IS NULL THEN 0 ELSE w.n + 1 END,
         CASE WHEN c.id IS NULL THEN 0 ELSE 1 END
  FROM {name} w LEFT JOIN community c ON c.name_key = CASE WHEN w.n < {p} THEN (
    SELECT v.name_key FROM community_word v WHERE v.word = w.w AND v.name_key > w.k
    ORDER BY v.name_key LIMIT 1) END
  WHERE w.w IS NOT NULL
)"""

_TAIL = """SELECT i FROM (
  SELECT DISTINCT v.community_id AS i, v.name_key FROM community_word v
  WHERE v.tail >= {p} AND v.tail < {p} AND v.name_key > {p}
  ORDER BY v.name_key LIMIT {p}) {name}"""


def matching_ids(query: search_keys.QueryKeys, after: str | None, wanted: int,
                 p: str) -> tuple[str, list]:
    """A statement (SQL, parameters) for the ids of the first ``wanted``
    communities, by name after the name key ``after``, that ``query`` finds
    — and perhaps some after them (the caller orders and cuts)."""
    start = after or ""
    ctes, cte_params, selects, select_params = [], [], [], []
    for key in dict.fromkeys(k for k in (query.key, query.alternative) if k):
        end = text.prefix_upper_bound(key)
        name = f"cw{len(ctes) + len(selects)}"
        if _SPACE.search(key):
            selects.append(_TAIL.format(p=p, name=name))
            select_params += [key, end, start, wanted]
        else:
            ctes.append(_WALK.format(p=p, name=name))
            cte_params += [key, end, start, end, start, wanted]
            selects.append(f"SELECT i FROM {name} WHERE hit = 1")
    head = "WITH RECURSIVE " + ",\n".join(ctes) + "\n" if ctes else ""
    return head + "\nUNION\n".join(selects), cte_params + select_params
