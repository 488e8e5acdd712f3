"""The SQL of a search on each engine: an FTS5 MATCH expression on SQLite, a
tsquery on PostgreSQL, and the SELECTs that join the found ids with who wrote
them and where, keeping only what the searcher may read.

SQLite walks the index newest first (``ORDER BY rowid DESC`` on the FTS5
table, forced to be the outer loop with ``CROSS JOIN``) and stops after one
page. The texts are folded in the index, so every word here is folded already
(``search_query``) and made only of letters, digits and marks.
"""

from __future__ import annotations

from .db import database, is_sqlite
from .search_fold import PREFIX_LENGTHS, words
from .search_query import SearchQuery
from .system_lines import TEXT

_USER = "{a}.id, {a}.login, {a}.first_name, {a}.last_name, {a}.avatar_id"


def _fts_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _indexed_prefix(word: str) -> str:
    """The longest prefix of ``word`` that has an FTS5 prefix index."""
    return word[: max(n for n in PREFIX_LENGTHS if n <= len(word))]


def _fts_prefix(word: str) -> str:
    if len(word) < min(PREFIX_LENGTHS):  # one letter: a word of its own, never a prefix
        return _fts_word(word)
    return _fts_word(_indexed_prefix(word)) + " *"


def cut_words(query: SearchQuery) -> tuple[str, ...]:
    """The words SQLite asks by a shorter indexed prefix, so its rows must be
    checked against the whole word (``keeps``)."""
    if not is_sqlite():
        return ()
    return tuple(w for w in query.word_forms
                 if len(w) >= min(PREFIX_LENGTHS) and _indexed_prefix(w) != w)


def keeps(text: str, cut: tuple[str, ...]) -> bool:
    """Whether every word of ``cut`` begins a word of ``text``."""
    found = {word for _, _, word in words(text)}
    return all(any(f.startswith(w) for f in found) for w in cut)


def fts_match(query: SearchQuery, dialog_id: int | None = None) -> str:
    """The FTS5 MATCH expression: every word by the prefix of its form (its
    stem, see ``search_stems``; ``cut_words``), every phrase in order (its last
    word by prefix), none of the excluded words; the text column only."""
    parts = [_fts_prefix(w) for w in query.word_forms]
    parts += [_fts_word(" ".join(phrase)) + " *" for phrase in query.phrases]
    expression = " AND ".join(parts)
    for word in query.excluded:
        expression = f"({expression}) NOT {_fts_word(word)}"
    expression = f"body : ({expression})"
    if dialog_id is not None:
        expression += f' AND scope : "d{int(dialog_id)}"'
    return expression


def _ts_lexeme(word: str, prefix: bool) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def pg_tsquery(query: SearchQuery) -> tuple[str, list]:
    """SQL for the tsquery and its parameters: each word as a prefix of the
    folded words (the prefix of its form, as on SQLite) or as a Russian or
    English stem; each phrase as folded words in order; the excluded words in
    none of these forms."""
    params: list = []

    def any_form(word: str, prefix: bool, form: str | None = None) -> str:
        params.extend([_ts_lexeme(form or word, prefix), word, word])
        return ("(to_tsquery('simple', %s) || plainto_tsquery('russian', %s) "
                "|| plainto_tsquery('english', %s))")

    parts = [any_form(w, len(w) >= min(PREFIX_LENGTHS), form)  # a letter is a word
             for w, form in zip(query.words, query.word_forms, strict=True)]
    for phrase in query.phrases:
        params.append(" <-> ".join(_ts_lexeme(w, i == len(phrase) - 1)
                                   for i, w in enumerate(phrase)))
        parts.append("to_tsquery('simple', %s)")
    parts += [f"!!{any_form(w, False)}" for w in query.excluded]
    return "(" + " && ".join(parts) + ")", params


def _dates(query: SearchQuery, column: str, mark: str, params: list) -> str:
    sql = ""
    for value, op in ((query.before, "<"), (query.after, ">=")):
        if value is not None:
            sql += f" AND {column} {op} {mark}"
            params.append(value if not is_sqlite() else str(value))
    return sql


def _matching(table: str, query: SearchQuery, params: list,
              dialog_id: int | None = None) -> tuple[str, str, str]:
    """FROM, the ordering key and the WHERE of the rows of ``table`` (alias
    ``t``) the query's text finds; the parameters go to ``params``."""
    if not query.has_text:
        return f"{table} t", "t.id", "1 = 1"
    if is_sqlite():
        params.append(fts_match(query, dialog_id))
        return (f"{table}_search s CROSS JOIN {table} t ON t.id = s.rowid", "s.rowid",
                f"{table}_search MATCH ?")
    tsquery, ts_params = pg_tsquery(query)
    params.extend(ts_params)
    return f"{table} t", "t.id", f"t.search @@ {tsquery}"


def _finish(sql: str, params: list, cursor_at: int, query: SearchQuery,
            filters: dict[str, int | None], order: str, limit: int,
            attached_by: str | None = None) -> list[tuple]:
    """Add the column filters that are set, the query's dates, the order and
    the limit to ``sql``, and run it (``params[cursor_at]`` is the page
    cursor). Rows (id first, text fourth) found by a cut word are checked
    against the whole word, reading on until a page is full."""
    sql = _finished(sql, params, query, filters, order, limit, attached_by)
    cut = cut_words(query)
    kept: list[tuple] = []
    while True:
        rows = list(database.execute_sql(sql, params).fetchall())
        kept += [row for row in rows if not cut or keeps(row[3], cut)]
        if not cut or len(kept) >= limit or len(rows) < limit:
            return kept[:limit]
        params[cursor_at] = rows[-1][0]


def _finished(sql: str, params: list, query: SearchQuery, filters: dict[str, int | None],
              order: str, limit: int, attached_by: str | None = None) -> str:
    """``sql`` with the filters, dates, order and limit of ``_finish`` (their
    parameters added to ``params``)."""
    mark = "?" if is_sqlite() else "%s"
    for column, value in filters.items():
        if value is not None:
            sql += f" AND t.{column} = {mark}"
            params.append(value)
    for kind in query.has if attached_by else ():  # has:image / has:track (the kinds of
        sql += (f" AND EXISTS (SELECT 1 FROM attachment a "  # models/attachments.py)
                f"WHERE a.{attached_by} = t.id AND a.kind = {mark})")
        params.append(kind)
    sql += _dates(query, "t.created_at", mark, params)
    sql += f" ORDER BY {order} LIMIT {mark}"
    params.append(limit)
    return sql


# ---------------------------------------------------------------- messages

_MESSAGE_COLUMNS = (
    "t.id, t.dialog_id, t.seq, t.text, t.created_at, "
    + _USER.format(a="u") + ", " + _USER.format(a="p") + ", d.title"
)
_NO_END = 2**62  # no left_seq: the member is still in the group


def message_rows(user_id: int, query: SearchQuery, *, before: int, limit: int,
                 dialog_id: int | None, sender_id: int | None, newer: bool = False) -> list[tuple]:
    """Rows of ``_MESSAGE_COLUMNS`` for the messages the query finds in my
    dialogs and groups, id below ``before`` newest first (``newer``: above it,
    oldest first). In a group only what I may read: from the line that added me
    (``from_seq``) up to the one that removed me (``left_seq``); the other
    person's columns are NULL there, and the title is NULL in a dialog."""
    mark = "?" if is_sqlite() else "%s"
    op, order = (">", "ASC") if newer else ("<", "DESC")
    filters = {"dialog_id": dialog_id, "sender_id": sender_id}

    def statement(params: list, joined_by: str, columns: str = _MESSAGE_COLUMNS) -> str:
        """The statement before ``_finished`` (its cursor the third parameter
        from the end); ``columns`` other than the whole row's read the message
        and the membership alone, without the people and the dialog."""
        params.append(user_id)
        source, key, where = _matching("message", query, params, dialog_id)
        others = ""
        if columns == _MESSAGE_COLUMNS:
            others = ('JOIN dialog d ON d.id = dm.dialog_id JOIN "user" u ON u.id = t.sender_id '
                      'LEFT JOIN "user" p ON p.id = dm.peer_id ')
        sql = (
            f"SELECT {columns} FROM {source} "
            f"JOIN dialog_member dm ON dm.dialog_id = {joined_by} AND dm.user_id = {mark} "
            f"{others}"
            f"WHERE {where} AND {key} {op} {mark} AND t.deleted = {mark} AND t.kind = {mark} "
            f"AND t.seq >= dm.from_seq AND t.seq <= COALESCE(dm.left_seq, {_NO_END})"
        )
        params += [before, False, TEXT]
        return sql

    params: list = []
    if is_sqlite() or dialog_id is not None or not query.has_text:
        sql = statement(params, "t.dialog_id")
        key = "s.rowid" if is_sqlite() and query.has_text else "t.id"  # as _matching's
        return _finish(sql, params, len(params) - 3, query, filters, f"{key} {order}", limit,
                       "message_id")
    return _pg_messages_by_volume(user_id, params, query, filters, order, limit, statement)


# A person whose conversations hold at least this many messages, and at least
# 1/_SHARE of all of them, is searched without the plan that reads each of
# their conversations in turn (below).
_MANY = 20_000
_SHARE = 50
_HITS = "t.id, t.dialog_id, t.seq, t.text, t.created_at, t.sender_id, dm.peer_id"


def _pg_messages_by_volume(user_id, params, query, filters, order, limit, statement):
    """PostgreSQL: one statement of two plans, the one run chosen by how many
    messages the searcher's conversations hold (bench/README.md, "Rare words on
    PostgreSQL").

    The planner prices reading each of my conversations by its index on
    ``dialog_id`` at the average conversation's size; for someone whose
    conversations hold a large share of all messages it picks that plan for
    rare words and reads all of them (654 ms at scale 1). For such a person
    the join key is hidden from that index (``t.dialog_id + 0``; the
    statistics of that expression, schema 18, keep the join's estimate), so the
    planner chooses between the full-text index (rare words) and the newest
    messages first (common words). Anyone else keeps the first plan, whose
    cost is bounded by their own messages. Each plan finds the page's messages
    alone; their people and dialog are read once, for the page (which also
    keeps the planning of the two short: two tables each)."""
    params.append(user_id)
    mine = ("SELECT COALESCE(SUM(COALESCE(dm.left_seq, (SELECT d.last_seq FROM dialog d "
            "WHERE d.id = dm.dialog_id)) - dm.from_seq), 0) AS n "
            "FROM dialog_member dm WHERE dm.user_id = %s")  # a lookup per conversation
    volume = (f"SELECT n >= {_MANY} AND n * {_SHARE} >= "
              f"COALESCE((SELECT MAX(id) FROM message), 0) AS heavy FROM ({mine}) v")
    branches = []
    for joined_by, when in (("t.dialog_id", "NOT"), ("t.dialog_id + 0", "")):
        sql = statement(params, joined_by, _HITS) + f" AND {when} (SELECT heavy FROM mine)"
        branches.append(_finished(sql, params, query, filters, f"t.id {order}", limit,
                                  "message_id"))
    columns = ("h.id, h.dialog_id, h.seq, h.text, h.created_at, "
               + _USER.format(a="u") + ", " + _USER.format(a="p") + ", d.title")
    sql = (f"WITH mine AS MATERIALIZED ({volume}) "
           f"SELECT {columns} FROM (({branches[0]}) UNION ALL ({branches[1]})) h "
           'JOIN dialog d ON d.id = h.dialog_id JOIN "user" u ON u.id = h.sender_id '
           f'LEFT JOIN "user" p ON p.id = h.peer_id ORDER BY h.id {order}')
    return list(database.execute_sql(sql, params).fetchall())


# ---------------------------------------------------------------- posts

_POST_COLUMNS = "t.id, t.community_id, c.name, t.text, t.created_at, " + _USER.format(a="u")


def post_rows(user_id: int, query: SearchQuery, *, before: int, limit: int,
              author_id: int | None, community_id: int | None) -> list[tuple]:
    """Rows of ``_POST_COLUMNS`` for the posts the query finds, newest first:
    the posts the Everyone feed shows ``user_id`` — all but those of people who
    blocked them (models/blocks.py)."""
    mark = "?" if is_sqlite() else "%s"
    filters = {"author_id": author_id, "community_id": community_id}

    def statement(params: list) -> str:
        source, key, where = _matching("post", query, params)
        params += [before, user_id]
        return (
            f"SELECT {_POST_COLUMNS} FROM {source} "
            f'JOIN "user" u ON u.id = t.author_id LEFT JOIN community c ON c.id = t.community_id '
            f"WHERE {where} AND {key} < {mark} AND t.author_id NOT IN "
            f"(SELECT b.blocker_id FROM block b WHERE b.blocked_id = {mark})"
        )

    return public_rows("post", statement, 2, query, filters, before, limit, "post_id")


def public_rows(table: str, statement, cursor_from_end: int, query: SearchQuery,
                filters: dict[str, int | None], before: int, limit: int,
                attached_by: str | None = None) -> list[tuple]:
    """A page of what everyone may read (posts, comments), newest first:
    ``statement(params)`` is the search's SELECT before ``_finished`` (its
    cursor the ``cursor_from_end``-th parameter from the end), rows of
    ``table`` as ``t``. SQLite walks its full-text index newest first;
    PostgreSQL asks ``pg_newest_first``."""
    if is_sqlite() or not query.has_text:
        params: list = []
        sql = statement(params)
        key = "s.rowid" if is_sqlite() and query.has_text else "t.id"  # as _matching's
        return _finish(sql, params, len(params) - cursor_from_end, query, filters,
                       f"{key} DESC", limit, attached_by)
    return pg_newest_first(table, statement, query, filters, before, limit, attached_by)


# PostgreSQL: how many ids below the cursor a search reads newest first before
# it asks the full-text index for the rest (``pg_newest_first``).
WINDOW = 5_000


def pg_newest_first(table: str, statement, query: SearchQuery, filters: dict[str, int | None],
                    before: int, limit: int, attached_by: str | None = None) -> list[tuple]:
    """PostgreSQL: a page of what everyone may read (posts, comments), newest
    first, in one statement that stays quick for common and rare words alike.

    The planner walks the newest rows first and stops at a page when it
    expects the words often; two words that seldom meet are expected a hundred
    times more often than they are (statistics of each word alone), so it
    walked the 500 000 posts of scale 1 to find none (450 ms). Here the walk
    is bounded: the ``WINDOW`` ids below the cursor, newest first (a page of
    common words is found there); only when that holds less than a page are
    the rest asked of the full-text index, sorted (few, as the words are rare
    there). ``statement(params)`` is the search's SELECT before
    ``_finished``, rows of ``table`` as ``t``."""
    edge = f"LEAST(%s, (SELECT COALESCE(MAX(id), 0) + 1 FROM {table})) - {WINDOW}"
    params: list = []
    near = statement(params) + f" AND t.id >= {edge}"
    params.append(before)
    near = _finished(near, params, query, filters, "t.id DESC", limit, attached_by)
    far = statement(params) + f" AND t.id < {edge} AND (SELECT count(*) FROM near) < %s"
    params += [before, limit]
    far = _finished(far, params, query, filters, "t.id + 0 DESC", limit, attached_by)
    sql = (f"WITH near AS MATERIALIZED ({near}) "
           f"(SELECT * FROM near) UNION ALL ({far}) ORDER BY 1 DESC LIMIT %s")
    params.append(limit)
    return list(database.execute_sql(sql, params).fetchall())
