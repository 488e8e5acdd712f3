"""Name search, one page in name order, with the same work however many people
there are (``people.search_users``).

The people list is ordered by (last_key, first_key, id), the last-name index.
"First name starts with F, last name with L" is, in that index, one short run
of entries per surname starting with L — the people of that surname whose first
name starts with F, next to each other. Reading the index over L's range and
keeping whom F fits reads every other person of those surnames too (a share of
the community, so ten times as many at ten times the size); sorting whom the
first-name index finds for F reads every person called F. A walk instead jumps:
within a surname, to the next entry at or after (F, the last one found); past
the surname's run, to the next surname. Each step is one index seek, and a page
takes its people plus one step per surname passed — neither grows with the
community. One word is the walks of the surnames starting with it (every
entry fits: F is empty) and of every surname for the first names starting
with it.

SQL has no such loop, so each walk is a recursive CTE (SQLite and PostgreSQL
alike) whose rows are the steps: ``l`` the surname, ``f``/``i`` the last entry
found (or (F, 0) at a surname's start), ``hit`` whether the step found someone,
``n`` how many so far; it stops after a page and one more. "The next entry
after (f, i)" is two seeks, tried in turn: the same first name with a greater
id, else the next first name. One row-value seek ``(first_key, id) > (f, i)``
would do on PostgreSQL, but SQLite seeks only to ``first_key >= f`` when the
vector ends in the rowid and reads the namesakes before ``i`` again at every
step: 1 + 2 + … + 50 entries for a page of one surname's Иван, a cost that
grew with the community as such runs got longer.
"""

from __future__ import annotations

from typing import NamedTuple

from . import search_keys, text

COLUMNS = "u.id, u.login, u.first_name, u.last_name, u.avatar_id, u.last_key, u.first_key"


class Row(NamedTuple):
    """A row of ``COLUMNS``."""

    id: int
    login: str
    first_name: str
    last_name: str
    avatar_id: int | None
    last_key: str
    first_key: str


_WALK = """{name}(l, f, i, hit, n) AS (
  SELECT CAST({start_l} AS TEXT), CAST({start_f} AS TEXT), {start_i}, 0, 0
  UNION ALL
  SELECT CASE WHEN u.id IS NULL THEN CAST((
           SELECT v.last_key FROM "user" v WHERE v.last_key > w.l AND v.last_key < {p}
           ORDER BY v.last_key LIMIT 1) AS TEXT) ELSE w.l END,
         CAST(CASE WHEN u.id IS NULL THEN {p} ELSE u.first_key END AS TEXT),
         COALESCE(u.id, 0),
         CASE WHEN u.id IS NULL THEN 0 ELSE 1 END,
         w.n + CASE WHEN u.id IS NULL THEN 0 ELSE 1 END
  FROM {name} w {next}
  WHERE w.l IS NOT NULL AND w.n < {p}
)"""

# PostgreSQL seeks to "the next entry after (f, i)" in one step (a row-value
# comparison on the index's two columns after the equal surname) and takes its
# first name and id from the index (LATERAL: no read of the person's row).
_NEXT_PG = """LEFT JOIN LATERAL (
    SELECT v.id, v.first_key FROM "user" v
    WHERE v.last_key = w.l AND (v.first_key, v.id) > (w.f, w.i)
      AND v.last_key < {p} AND v.first_key < {p}
    ORDER BY v.first_key, v.id LIMIT 1) u ON TRUE"""
_NEXT_SQLITE = """LEFT JOIN "user" u ON u.id = COALESCE((
    SELECT v.id FROM "user" v
    WHERE v.last_key = w.l AND v.first_key = w.f AND v.id > w.i
      AND v.last_key < {p} AND v.first_key < {p}
    ORDER BY v.id LIMIT 1), (
    SELECT v.id FROM "user" v
    WHERE v.last_key = w.l AND v.last_key < {p} AND v.first_key > w.f AND v.first_key < {p}
    ORDER BY v.first_key, v.id LIMIT 1))"""


class Walk(NamedTuple):
    """People whose last name starts with ``last`` and first name with
    ``first`` (two search keys), in name order."""

    last: str
    first: str

    def cte(self, name: str, p: str, after: tuple[str, str, int] | None,
            wanted: int, sqlite: bool) -> tuple[str, list]:
        """The CTE ``name`` (SQL and its parameters, ``p`` the placeholder)
        finding up to ``wanted`` such people after the cursor ``after``;
        ``sqlite``: two seeks a step, else one (``_NEXT_PG``)."""
        if after is None:
            start = {"start_l": p, "start_f": p, "start_i": p}
            params = [self.last, self.first, 0]
        else:
            # From the cursor when it lies in the range — from (F, 0) if it
            # stands before F in its surname — else from the range's start.
            # The database compares, in its own collation.
            c_last, c_first, c_id = after
            in_range = f"{p} >= {p}"
            at_f = f"{in_range} AND {p} >= {p}"
            start = {"start_l": f"CASE WHEN {in_range} THEN {p} ELSE {p} END",
                     "start_f": f"CASE WHEN {at_f} THEN {p} ELSE {p} END",
                     "start_i": f"CASE WHEN {at_f} THEN {p} ELSE 0 END"}
            params = [c_last, self.last, c_last, self.last,
                      c_last, self.last, c_first, self.first, c_first, self.first,
                      c_last, self.last, c_first, self.first, c_id]
        last_end = text.prefix_upper_bound(self.last)
        first_end = text.prefix_upper_bound(self.first)
        seek = [last_end, first_end, last_end, first_end] if sqlite else [last_end, first_end]
        sql = _WALK.format(name=name, p=p, next=(_NEXT_SQLITE if sqlite else _NEXT_PG).format(p=p),
                           **start)
        return sql, params + [last_end, self.first, *seek, wanted]

    def select(self, name: str) -> str:
        return f"SELECT {COLUMNS} FROM {name} w JOIN \"user\" u ON u.id = w.i WHERE w.hit = 1"


class Others(NamedTuple):
    """Whom ``first`` and ``last`` (query keys) find by a stored other spelling
    (``first_alt_key`` / ``last_alt_key``): through those columns' own indexes,
    which hold only the few people whose name has one, then sorted."""

    first: search_keys.QueryKeys
    last: search_keys.QueryKeys

    def select(self, p: str, after: tuple[str, str, int] | None, wanted: int,
               sqlite: bool) -> tuple[str, list]:
        plain = "+" if sqlite else ""  # SQLite: no index for these, they filter

        def starts(column: str, key: str) -> tuple[str, list]:
            return f"({column} >= {p} AND {column} < {p})", [key, text.prefix_upper_bound(key)]

        def any_of(name: str, query: search_keys.QueryKeys) -> tuple[str, list]:
            keys = [k for k in (query.key, query.alternative) if k]
            terms = [starts(f"{plain}u.{name}_key", k) for k in keys]
            terms.append(starts(f"{plain}u.{name}_alt_key", query.key))
            return "(" + " OR ".join(t for t, _ in terms) + ")", [v for _, ps in terms for v in ps]

        first_alt, first_alt_params = starts("u.first_alt_key", self.first.key)
        last_alt, last_alt_params = starts("u.last_alt_key", self.last.key)
        any_last, any_last_params = any_of("last", self.last)
        any_first, any_first_params = any_of("first", self.first)
        sql = (f'SELECT {COLUMNS} FROM "user" u WHERE '
               f"(({first_alt} AND {any_last}) OR ({last_alt} AND {any_first}))")
        params = first_alt_params + any_last_params + last_alt_params + any_first_params
        if after is not None:
            # not a range of the last-name index: that would walk from the cursor to its end
            sql += f" AND ({plain}u.last_key, u.first_key, u.id) > ({p}, {p}, {p})"
            params += list(after)
        if not sqlite:  # PostgreSQL sorts each part; SQLite merges them
            sql = f"({sql} ORDER BY u.last_key, u.first_key, u.id LIMIT {p})"
            params.append(wanted)
        return sql, params


class OtherSpelling(NamedTuple):
    """Whom one word (query keys) finds by a stored other spelling of the
    first or the last name: the two columns' own indexes, then sorted."""

    word: search_keys.QueryKeys

    def select(self, p: str, after: tuple[str, str, int] | None, wanted: int,
               sqlite: bool) -> tuple[str, list]:
        plain = "+" if sqlite else ""
        end = text.prefix_upper_bound(self.word.key)
        sql = (f'SELECT {COLUMNS} FROM "user" u WHERE '
               f"((u.first_alt_key >= {p} AND u.first_alt_key < {p}) "
               f"OR (u.last_alt_key >= {p} AND u.last_alt_key < {p}))")
        params = [self.word.key, end, self.word.key, end]
        if after is not None:
            sql += f" AND ({plain}u.last_key, u.first_key, u.id) > ({p}, {p}, {p})"
            params += list(after)
        if not sqlite:
            sql = f"({sql} ORDER BY u.last_key, u.first_key, u.id LIMIT {p})"
            params.append(wanted)
        return sql, params


def one_word(word: search_keys.QueryKeys) -> list:
    """The first or the last name starts with ``word``: walks of the surnames
    starting with it (every one of their people fits), walks of every surname
    for the first names starting with it (one step per surname passed), and
    ``OtherSpelling``."""
    keys = [k for k in (word.key, word.alternative) if k]
    return [*(Walk(k, "") for k in keys), *(Walk("", k) for k in keys), OtherSpelling(word)]


def first_and_last(first: search_keys.QueryKeys, last: search_keys.QueryKeys) -> list:
    """The first name starts with ``first`` and the last name with ``last``:
    parts whose union is that — a walk for each pair of keys, and ``Others``."""
    first_keys = [k for k in (first.key, first.alternative) if k]
    last_keys = [k for k in (last.key, last.alternative) if k]
    return [*(Walk(lk, fk) for lk in last_keys for fk in first_keys), Others(first, last)]


def union(parts: list, p: str, after: tuple[str, str, int] | None, wanted: int, *,
          sqlite: bool) -> tuple[str, list]:
    """One statement (SQL, parameters) for the first ``wanted`` people, by
    (last_key, first_key, id) after ``after``, that any of ``parts`` finds."""
    ctes, cte_params, selects, select_params = [], [], [], []
    for part in parts:
        if isinstance(part, Walk):
            name = f"walk{len(ctes)}"
            sql, params = part.cte(name, p, after, wanted, sqlite)
            ctes.append(sql)
            cte_params += params
            selects.append(part.select(name))
        else:
            sql, params = part.select(p, after, wanted, sqlite)
            selects.append(sql)
            select_params += params
    head = "WITH RECURSIVE " + ",\n".join(ctes) + "\n" if ctes else ""
    sql = head + "\nUNION\n".join(selects) + f"\nORDER BY 6, 7, 1 LIMIT {p}"
    return sql, cte_params + select_params + [wanted]
