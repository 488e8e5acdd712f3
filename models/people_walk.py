"""Name search of two words, one page in name order, with the same work however
many people there are.

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
community.

SQL has no such loop, so each walk is a recursive CTE (SQLite and PostgreSQL
alike) whose rows are the steps: ``l`` the surname, ``f``/``i`` the last entry
found (or (F, 0) at a surname's start), ``hit`` whether the step found someone,
``n`` how many so far; it stops after a page and one more.
"""

from __future__ import annotations

from typing import NamedTuple

from . import text

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
  FROM {name} w LEFT JOIN "user" u ON u.id = (
    SELECT v.id FROM "user" v
    WHERE v.last_key = w.l AND v.last_key < {p}
      AND (v.first_key, v.id) > (w.f, w.i) AND v.first_key < {p}
    ORDER BY v.first_key, v.id LIMIT 1)
  WHERE w.l IS NOT NULL AND w.n < {p}
)"""


class Walk(NamedTuple):
    """People whose last name starts with ``last`` and first name with
    ``first`` (two search keys), in name order."""

    last: str
    first: str

    def cte(self, name: str, p: str, after: tuple[str, str, int] | None,
            wanted: int) -> tuple[str, list]:
        """The CTE ``name`` (SQL and its parameters, ``p`` the placeholder)
        finding up to ``wanted`` such people after the cursor ``after``."""
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
        sql = _WALK.format(name=name, p=p, **start)
        return sql, params + [last_end, self.first, last_end, first_end, wanted]
