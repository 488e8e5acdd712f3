"""People: everyone in alphabetical order, and search by name.

Both lists are ordered by (last name, first name, id) through their search keys
and paged by that tuple, so the next page starts where the last one ended
however many people there are. Name search is a prefix match written as a key
range, which both SQLite and PostgreSQL answer from an index; a search of two
words walks the last-name index in name order (``people_walk``).
"""

from __future__ import annotations

from peewee import Tuple

from . import people_walk, prepared, search_keys, text
from .db import is_sqlite, reads
from .errors import NotFoundError, ValidationError
from .schema import User
from .views import Page, UserRef

MAX_PAGE = 200
MAX_WORDS = 4  # of a name query; more words only make a longer OR

# The columns a UserRef needs; select only these for lists of people.
USER_REF_FIELDS = (User.id, User.login, User.first_name, User.last_name, User.avatar)


def user_ref(row: User) -> UserRef:
    """A ``UserRef`` from a ``User`` row (or an alias of it) holding USER_REF_FIELDS."""
    return UserRef(
        id=row.id,
        login=row.login,
        first_name=row.first_name,
        last_name=row.last_name,
        avatar_id=row.avatar_id,
    )


def user_ref_columns(model=User, prefix: str = "author_") -> tuple:
    """USER_REF_FIELDS of ``model`` (User or an alias), aliased with ``prefix`` so
    they can sit in one ``.dicts()`` row beside another table's columns."""
    return (
        model.id.alias(f"{prefix}id"),
        model.login.alias(f"{prefix}login"),
        model.first_name.alias(f"{prefix}first_name"),
        model.last_name.alias(f"{prefix}last_name"),
        model.avatar.alias(f"{prefix}avatar_id"),
    )


def user_ref_from(row: dict, prefix: str = "author_") -> UserRef:
    """The ``UserRef`` held in a ``.dicts()`` row selected with ``user_ref_columns``."""
    return UserRef(
        id=row[f"{prefix}id"],
        login=row[f"{prefix}login"],
        first_name=row[f"{prefix}first_name"],
        last_name=row[f"{prefix}last_name"],
        avatar_id=row[f"{prefix}avatar_id"],
    )


def check_limit(limit: int) -> int:
    """A page size between 1 and MAX_PAGE, or a ValidationError."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError("A page holds at least one item.", field="limit")
    return min(limit, MAX_PAGE)


def require_user(user_id: int, field: str = "user_id") -> None:
    """Raise NotFoundError unless a user with this id exists (one indexed lookup)."""
    if not User.select(User.id).where(User.id == user_id).exists():
        raise NotFoundError("That person does not exist.", field=field)


def _name_cursor(cursor: object) -> tuple[str, str, int] | None:
    if cursor is None:
        return None
    if (
        isinstance(cursor, tuple | list)
        and len(cursor) == 3
        and isinstance(cursor[0], str)
        and isinstance(cursor[1], str)
        and isinstance(cursor[2], int)
    ):
        return (cursor[0], cursor[1], cursor[2])
    raise ValidationError("This page marker is not one this list gave out.", field="cursor")


def users_page(condition, cursor: object, limit: int) -> Page[UserRef]:
    """People matching ``condition`` (or everyone for ``None``), one page of them
    by (last name, first name, id); for any list of people that pages by name."""
    limit = check_limit(limit)
    after = _name_cursor(cursor)
    query = User.select(*USER_REF_FIELDS, User.last_key, User.first_key)
    if condition is not None:
        query = query.where(condition)
    if after is not None:
        query = query.where(_after(after))
    rows = list(query.order_by(User.last_key, User.first_key, User.id).limit(limit + 1))
    return _page(rows, limit)


def _after(after: tuple[str, str, int]):
    return Tuple(User.last_key, User.first_key, User.id) > Tuple(*after)


def _page(rows: list, limit: int) -> Page[UserRef]:
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (rows[-1].last_key, rows[-1].first_key, rows[-1].id) if more else None
    return Page(items=tuple(user_ref(r) for r in rows), next_cursor=next_cursor)


@reads
def all_users(cursor: object = None, limit: int = 50) -> Page[UserRef]:
    """Everyone, by last name, then first name; ``cursor`` is the previous page's
    ``next_cursor``."""
    return users_page(None, cursor, limit)


def _union_page(parts: list, cursor: object, limit: int, *,
                one_plan: bool = False) -> Page[UserRef]:
    """One page by (last name, first name, id) of the people any of ``parts``
    (``people_walk``) finds: one statement, a UNION of at most a page and one
    from each part.

    ``one_plan``: on PostgreSQL the statement is prepared and planned once for
    all values (models/prepared.py). Two words' walks are: one plan fits every
    pair ("ан ив" 1.9 → 1.0 ms, planning was 0.6 of it). One word's are not:
    planned once, "ан" took 39 ms instead of 2.3."""
    limit = check_limit(limit)
    sql, params = people_walk.union(parts, User._meta.database.param, _name_cursor(cursor),
                                    limit + 1, sqlite=is_sqlite())
    run = prepared.execute_sql if one_plan else User._meta.database.execute_sql
    rows = [people_walk.Row(*row) for row in run(sql, params)]
    return _page(rows, limit)


@reads
def search_users(query: str, cursor: object = None, limit: int = 50) -> Page[UserRef]:
    """People whose names start with the words of ``query``, in any case.

    One word matches the start of the first or the last name; two words match
    first and last name in either order ("анна иван", "иванова ан"). Case and
    accents do not count (``ё`` is ``е``, ``muller`` finds ``Müller``), and a
    German name's other spelling finds it too (``mueller``). An empty query
    finds nobody.
    """
    words = [w for w in text.clean_line(query or "").split() if text.search_key(w)]
    if not words:
        check_limit(limit)
        return Page(items=(), next_cursor=None)
    if len(words) == 1:
        return _union_page(people_walk.one_word(search_keys.QueryKeys.of(words[0])), cursor, limit)
    # Two words: first and last name in either order. More words (a double
    # first or last name): every split into a first part and a last part.
    words = words[:MAX_WORDS]
    parts = []
    for i in range(1, len(words)):
        head = search_keys.QueryKeys.of(" ".join(words[:i]))
        tail = search_keys.QueryKeys.of(" ".join(words[i:]))
        parts += people_walk.first_and_last(head, tail) + people_walk.first_and_last(tail, head)
    return _union_page(parts, cursor, limit, one_plan=True)


@reads
def search_people(query: str, cursor: object = None, limit: int = 50) -> Page[UserRef]:
    """``search_users``, and the people whose login ``query`` is or starts
    with (``logins_matching``: one word, any case, ``@`` allowed) first on the
    first page and on no other: every row shows ``@login``, so people type it.
    The first page may hold up to ``limit + 1 + LOGIN_PREFIX_MATCHES`` people
    (none is cut: the next page starts where the names end)."""
    page = search_users(query, cursor, limit)
    by_login = logins_matching(query) if len((query or "").split()) == 1 else []
    if not by_login:
        return page
    ids = {user.id for user in by_login}
    rest = tuple(user for user in page.items if user.id not in ids)
    return Page(items=rest if cursor is not None else (*by_login, *rest),
                next_cursor=page.next_cursor)


LOGIN_PREFIX_MATCHES = 5  # logins that only start with the word typed, at most
LOGIN_PREFIX_FROM = 3  # characters typed before logins that start so are looked for


def logins_matching(word: str) -> list[UserRef]:
    """The person whose login is ``word`` (any case, a leading ``@`` allowed),
    then, once ``word`` has ``LOGIN_PREFIX_FROM`` characters, up to
    ``LOGIN_PREFIX_MATCHES`` whose login starts with it, in login order
    ("olg" finds @olga, whose name may be Ольга). One index seek: the whole
    login is the first of the logins starting with it."""
    key = _login_key(word)
    if not key:
        return []
    if len(key) < LOGIN_PREFIX_FROM:
        exact = user_with_login_key(key)
        return [exact] if exact is not None else []
    rows = list(User.select(*USER_REF_FIELDS, User.login_key)
                .where((User.login_key >= key) & (User.login_key < text.prefix_upper_bound(key)))
                .order_by(User.login_key).limit(LOGIN_PREFIX_MATCHES + 1))
    exact = [row for row in rows if row.login_key == key]
    starting = [row for row in rows if row.login_key != key][:LOGIN_PREFIX_MATCHES]
    return [user_ref(row) for row in exact + starting]


@reads
def user_with_login(login: str) -> UserRef | None:
    """The person whose login is ``login`` (any case, a leading ``@`` allowed),
    or None: pickers list them first, as people type the ``@login`` they see."""
    key = _login_key(login)
    return user_with_login_key(key) if key else None


def _login_key(login: str) -> str:
    return text.identity_key(text.clean_line(login or "").strip().removeprefix("@"))


def user_with_login_key(key: str) -> UserRef | None:
    """The person whose ``text.identity_key`` of their login is ``key``, or None."""
    row = User.select(*USER_REF_FIELDS).where(User.login_key == key).first()
    return user_ref(row) if row is not None else None
