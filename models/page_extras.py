"""What a page shows beside its rows — reaction counts, attachments, the
mentions of the viewer and the people system lines name — read in one
statement: a ``UNION ALL`` of one part per kind, each row tagged with its part
and keyed by the id it belongs to.

On PostgreSQL every statement is a round trip to the server, so a chat page or
a feed page is its rows and this, two statements (bench/README.md, issue 17);
on SQLite one statement instead of two or three costs less too.

Every part's row has the same twelve columns (``_COLUMNS``); a part leaves
those it has no use for NULL. Plain SQL, built per call: peewee would cost
more than the query (models/prepared.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .db import database, is_sqlite
from .prepared import execute_sql
from .views import AttachmentView, ReactionCount, TrackRef, UserRef

# The picker's six, in its order; counts are shown in this order too.
REACTIONS: tuple[str, ...] = ("👍", "❤️", "😂", "😮", "😢", "🔥")
_ORDER = {emoji: index for index, emoji in enumerate(REACTIONS)}

REACTION, ATTACHMENT, MENTION, PERSON = 0, 1, 2, 3
# part, key, then ten columns whose meaning depends on the part
_COLUMNS = 12


@dataclass(frozen=True, slots=True)
class Extras:
    reactions: dict[int, tuple[ReactionCount, ...]] = field(default_factory=dict)
    attachments: dict[int, tuple[AttachmentView, ...]] = field(default_factory=dict)
    mentions: set[tuple[int, int]] = field(default_factory=set)  # (dialog id, seq)
    people: dict[int, UserRef] = field(default_factory=dict)


def ids_of(values: Iterable[object]) -> list[int]:
    """The whole numbers among ``values`` (no booleans), sorted, each once."""
    return sorted({v for v in values if type(v) is int})  # noqa: E721 - bool is not an id


def _row(part: int, key: str, *columns: str) -> str:
    filled = [*columns, *["NULL"] * (_COLUMNS - 2 - len(columns))]
    return f"SELECT {part}, {key}, {', '.join(filled)}"


def page_extras(
    viewer_id: int | None = None, *,
    reactions: tuple[str, Iterable[object]] | None = None,
    attachments: tuple[str, Iterable[object]] | None = None,
    mention_ranges: Mapping[int, tuple[int, int]] | None = None,
    people: Iterable[object] = (),
) -> Extras:
    """In one statement (none when nothing is asked):

    * ``reactions=(column, ids)``: counts per target of ``column`` of ``reaction``
      (``message_id``, ``post_id`` or ``comment_id``), whether ``viewer_id`` gave each;
    * ``attachments=(column, ids)``: attachments of those messages or posts;
    * ``mention_ranges``: {dialog id: (low seq, high seq)}, the messages in them
      that name ``viewer_id``;
    * ``people``: user ids, as ``UserRef``.
    """
    db = database.obj
    parts: list[str] = []
    params: list[object] = []
    sqlite = is_sqlite()

    def among(ids: list[int]) -> str:
        """``IN`` these ids: on PostgreSQL one array, so the statement's text is
        the same for any number of them (prepared once: models/prepared.py)."""
        if not sqlite:
            params.append(ids)
            return f"= ANY({db.param})"
        params.extend(ids)
        return f"IN ({', '.join([db.param] * len(ids))})"

    if reactions is not None:
        column, ids = reactions[0], ids_of(reactions[1])
        if ids:
            params.append(viewer_id)
            parts.append(
                _row(REACTION, f'"{column}"', '"emoji"', "COUNT(*)",
                     f'MAX(CASE WHEN "user_id" = {db.param} THEN 1 ELSE 0 END)')
                + f' FROM "reaction" WHERE "{column}" {among(ids)} '
                f'GROUP BY "{column}", "emoji"'
            )
    if attachments is not None:
        column, ids = attachments[0], ids_of(attachments[1])
        if ids:
            parts.append(
                _row(ATTACHMENT, f'a."{column}"', 'a."kind"', 'a."position"', 'a."media_id"',
                     'm."sha256"', 'a."width"', 'a."height"', 'a."track_id"', 't."title"',
                     't."artist"', 't."duration"')
                + ' FROM "attachment" AS a '
                'LEFT OUTER JOIN "media" AS m ON m."id" = a."media_id" '
                'LEFT OUTER JOIN "track" AS t ON t."id" = a."track_id" '
                f'WHERE a."{column}" {among(ids)}'
            )
    if mention_ranges and viewer_id is not None:
        for dialog_id, (low, high) in sorted(mention_ranges.items()):
            # one part per dialog: each one range of the (user, dialog, seq) index
            params.extend([viewer_id, dialog_id, low, high])
            parts.append(
                _row(MENTION, '"dialog_id"', "NULL", '"seq"')
                + f' FROM "mention" WHERE "user_id" = {db.param} AND "dialog_id" = {db.param}'
                f' AND "seq" >= {db.param} AND "seq" <= {db.param}'
            )
    wanted = ids_of(people)
    if wanted:
        parts.append(
            _row(PERSON, '"id"', '"login"', '"avatar_id"', "NULL", "NULL", "NULL", "NULL",
                 "NULL", '"first_name"', '"last_name"')
            + f' FROM "user" WHERE "id" {among(wanted)}'
        )
    if not parts:
        return Extras()
    rows = execute_sql(" UNION ALL ".join(parts), params).fetchall()
    return _read(rows)


def _read(rows: list[tuple]) -> Extras:
    counts: dict[int, list[ReactionCount]] = {}
    attached: dict[int, list[tuple[int, AttachmentView]]] = {}
    extras = Extras()
    for part, key, text, number, second, sha, width, height, track_id, title, artist, dur in rows:
        if part == REACTION:
            counts.setdefault(key, []).append(ReactionCount(text, int(number), bool(second)))
        elif part == ATTACHMENT:
            track = (TrackRef(id=track_id, title=title, artist=artist, duration=float(dur))
                     if track_id is not None else None)
            attached.setdefault(key, []).append(
                (number, AttachmentView(text, number, second, sha, width, height, track))
            )
        elif part == MENTION:
            extras.mentions.add((key, number))
        else:
            extras.people[key] = UserRef(id=key, login=text, first_name=title,
                                         last_name=artist, avatar_id=number)
    for target, found in counts.items():
        extras.reactions[target] = tuple(
            sorted(found, key=lambda c: _ORDER.get(c.emoji, len(_ORDER))))
    for target, found in attached.items():
        extras.attachments[target] = tuple(view for _, view in sorted(found,
                                                                      key=lambda p: p[0]))
    return extras


# ---------------------------------------------------------------- one column

_EMOJI_END, _COUNT_END = "\x1f", "\x1e"  # separators no reaction holds (REACTIONS)


def reactions_column(target, viewer_id: int):
    """A correlated subquery: the reactions on ``target`` (``reaction``'s
    ``comment_id`` equal to it) as one text — per emoji its count and whether
    ``viewer_id`` gave it — so a page carries its reactions in its own rows,
    one statement instead of two; ``reactions_of`` reads it back."""
    from peewee import Case, Select, fn

    from .db import is_sqlite
    from .schema import Reaction

    per_emoji = (
        Reaction.select(Reaction.emoji, fn.COUNT(Reaction.id).alias("n"),
                        fn.MAX(Case(None, [(Reaction.user == viewer_id, 1)], 0)).alias("mine"))
        .where(Reaction.comment == target)
        .group_by(Reaction.emoji)
        .alias("per_emoji")
    )
    one = (per_emoji.c.emoji.concat(_EMOJI_END).concat(per_emoji.c.n)
           .concat(_EMOJI_END).concat(per_emoji.c.mine))
    joined = fn.GROUP_CONCAT(one, _COUNT_END) if is_sqlite() else fn.STRING_AGG(one, _COUNT_END)
    return Select([per_emoji], [joined])


def reactions_of(text: str | None) -> tuple[ReactionCount, ...]:
    """The counts a ``reactions_column`` holds, in the picker's order."""
    if not text:
        return ()
    found = []
    for part in text.split(_COUNT_END):
        emoji, count, mine = part.split(_EMOJI_END)
        found.append(ReactionCount(emoji, int(count), mine == "1"))
    return tuple(sorted(found, key=lambda c: _ORDER.get(c.emoji, len(_ORDER))))
