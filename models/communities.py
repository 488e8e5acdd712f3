"""Communities: create, edit, join and leave them, list them and their members.

Names are unique ignoring case (``name_key`` is the name's identity key); a
search finds the communities a word of whose name starts with the query
(``name_search`` keeps the name's search key, which ignores accents too, and
``community_word`` the beginnings of its words: models/community_words.py). Anyone
may read a community and its posts; only members post there; only the owner
edits or deletes it, and the owner cannot leave (they delete it instead).
A community row carries its member count and whether I belong, computed in the
same query (an indexed count per row), so a list of fifty is one query.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee
from peewee import JOIN, SQL, Tuple, fn

from . import attachments, clock, community_words, search_keys, text
from .attachments import AttachmentSpec
from .db import database, reads, writes
from .errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, msg
from .people import check_limit, require_user, user_ref_columns, user_ref_from, users_page
from .schema import Community, Membership, Post, User
from .views import CommunityView, Page, PostView, UserRef

MIN_NAME = 3
MAX_NAME = 80
MAX_ABOUT = 2000

_UNSET = object()


def _clean_name(value: object) -> str:
    name = text.clean_line(value) if isinstance(value, str) else ""
    if len(name) < MIN_NAME:
        raise ValidationError(
            msg("A community name needs at least {limit} characters.", limit=MIN_NAME),
            field="name",
        )
    if len(name) > MAX_NAME:
        raise ValidationError(
            msg(
                "A community name holds at most {limit} characters; this one has {length}.",
                limit=MAX_NAME, length=len(name),
            ),
            field="name",
        )
    return text.require_visible_name(name, "name")


def _clean_about(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError("The description must be text.", field="about")
    about = text.clean_text(value).strip()
    if len(about) > MAX_ABOUT:
        raise ValidationError(
            msg(
                "A description holds at most {limit} characters; this one has {length}.",
                limit=MAX_ABOUT, length=len(about),
            ),
            field="about",
        )
    return about


def _name_taken(name_key: str, except_id: int | None = None) -> bool:
    query = Community.select(Community.id).where(Community.name_key == name_key)
    if except_id is not None:
        query = query.where(Community.id != except_id)
    return query.exists()


def _taken_error(name: str) -> ConflictError:
    return ConflictError(msg("A community called “{name}” already exists.", name=name), field="name")


def _community_query(viewer_id: int, *, only_mine: bool = False):
    """Communities with owner, member count and my membership, in one SELECT."""
    mine = Membership.alias("mine")
    counted = Membership.alias("counted")
    member_count = (
        counted.select(fn.COUNT(SQL("*"))).where(counted.community == Community.id)
    )
    return (
        Community.select(
            Community.id,
            Community.name,
            Community.name_key,
            Community.about,
            Community.created_at,
            *user_ref_columns(User, "owner_"),
            member_count.alias("member_count"),
            mine.id.alias("my_membership_id"),
        )
        .join(User, on=(Community.owner == User.id))
        .switch(Community)
        .join(
            mine,
            JOIN.INNER if only_mine else JOIN.LEFT_OUTER,
            on=((mine.community == Community.id) & (mine.user == viewer_id)),
        )
        .dicts()
    )


def _view(row: dict) -> CommunityView:
    return CommunityView(
        id=row["id"],
        name=row["name"],
        about=row["about"],
        owner=user_ref_from(row, "owner_"),
        member_count=row["member_count"],
        is_member=row["my_membership_id"] is not None,
        created_at=row["created_at"],
    )


def _get(viewer_id: int, community_id: int) -> CommunityView:
    row = _community_query(viewer_id).where(Community.id == community_id).first()
    if row is None:
        raise NotFoundError("That community does not exist.", field="community_id")
    return _view(row)


def _owned(user_id: int, community_id: int, refusal: str) -> Community:
    """The community, if ``user_id`` owns it; ``refusal`` is the sentence otherwise."""
    row = (
        Community.select(Community.id, Community.owner)
        .where(Community.id == community_id)
        .first()
    )
    if row is None:
        raise NotFoundError("That community does not exist.", field="community_id")
    if row.owner_id != user_id:
        raise PermissionDeniedError(refusal)
    return row


@writes
def create_community(owner_id: int, name: str, about: str = "") -> CommunityView:
    """Found a community; its owner is its first member."""
    name = _clean_name(name)
    about = _clean_about(about)
    require_user(owner_id, field="owner_id")
    key = text.identity_key(name)
    if _name_taken(key):
        raise _taken_error(name)
    now = clock.now()
    try:
        with database.atomic():  # a savepoint: a racing twin fails alone
            community = Community.create(
                name=name, name_key=key, name_search=search_keys.community_search(name),
                about=about, owner=owner_id, created_at=now,
            )
    except peewee.IntegrityError as exc:  # the unique name_key
        raise _taken_error(name) from exc
    community_words.store(database, community.id, key, community.name_search)
    Membership.create(community=community.id, user=owner_id, joined_at=now)
    return _get(owner_id, community.id)


@writes
def update_community(
    user_id: int, community_id: int, *, name: object = _UNSET, about: object = _UNSET
) -> CommunityView:
    """Rename a community or change its description (owner only)."""
    _owned(user_id, community_id, msg("Only the owner can edit this community."))
    changes = {}
    if name is not _UNSET:
        clean = _clean_name(name)
        key = text.identity_key(clean)
        if _name_taken(key, except_id=community_id):
            raise _taken_error(clean)
        changes.update(name=clean, name_key=key, name_search=search_keys.community_search(clean))
    if about is not _UNSET:
        changes["about"] = _clean_about(about)
    if changes:
        Community.update(**changes).where(Community.id == community_id).execute()
    if "name" in changes:
        community_words.store(database, community_id, changes["name_key"],
                              changes["name_search"])
    return _get(user_id, community_id)


@writes
def delete_community(user_id: int, community_id: int) -> None:
    """Delete a community with its memberships and posts (owner only)."""
    _owned(user_id, community_id, msg("Only the owner can delete this community."))
    pictures = attachments.pictures_of_posts(Post.community == community_id)
    Community.delete().where(Community.id == community_id).execute()
    attachments.sweep_media(pictures)  # the posts' pictures no one else uses


@writes
def join(user_id: int, community_id: int) -> CommunityView:
    """Become a member; joining again changes nothing."""
    require_user(user_id)
    if not Community.select(Community.id).where(Community.id == community_id).exists():
        raise NotFoundError("That community does not exist.", field="community_id")
    Membership.insert(
        community=community_id, user=user_id, joined_at=clock.now()
    ).on_conflict_ignore().execute()
    return _get(user_id, community_id)


@writes
def leave(user_id: int, community_id: int) -> CommunityView:
    """Stop being a member; leaving a community I am not in changes nothing.
    The owner cannot leave: they delete the community instead."""
    row = Community.select(Community.id, Community.owner).where(Community.id == community_id).first()
    if row is None:
        raise NotFoundError("That community does not exist.", field="community_id")
    if row.owner_id == user_id:
        raise ValidationError(
            "You own this community and cannot leave it. Delete the community instead.",
            field="community_id",
        )
    Membership.delete().where(
        (Membership.community == community_id) & (Membership.user == user_id)
    ).execute()
    return _get(user_id, community_id)


@reads
def get_community(viewer_id: int, community_id: int) -> CommunityView:
    return _get(viewer_id, community_id)


@reads
def my_communities(user_id: int) -> list[CommunityView]:
    """The communities I belong to, by name."""
    query = _community_query(user_id, only_mine=True).order_by(Community.name_key, Community.id)
    return [_view(r) for r in query]


def _community_cursor(cursor: object) -> tuple[str, int] | None:
    if cursor is None:
        return None
    if (
        isinstance(cursor, tuple | list)
        and len(cursor) == 2
        and isinstance(cursor[0], str)
        and isinstance(cursor[1], int)
    ):
        return (cursor[0], cursor[1])
    raise ValidationError("This page marker is not one this list gave out.", field="cursor")


@reads
def all_communities(
    viewer_id: int, query: str = "", cursor: object = None, limit: int = 50
) -> Page[CommunityView]:
    """Every community by name, or those a word of whose name starts with
    ``query`` (any case, any accents, either spelling of a German name; the
    query may go on over the next words: models/community_words.py)."""
    limit = check_limit(limit)
    after = _community_cursor(cursor)
    needle = search_keys.QueryKeys.of(text.clean_line(query or ""))
    select = _community_query(viewer_id)
    if needle.key:
        sql, params = community_words.matching_ids(
            needle, after[0] if after else None, limit + 1, database.param)
        select = select.where(Community.id.in_(SQL(f"({sql})", params)))
    if after is not None:
        select = select.where(Tuple(Community.name_key, Community.id) > Tuple(*after))
    rows = list(select.order_by(Community.name_key, Community.id).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        items=tuple(_view(r) for r in rows),
        next_cursor=(rows[-1]["name_key"], rows[-1]["id"]) if more else None,
    )


@reads
def members(community_id: int, cursor: object = None, limit: int = 50) -> Page[UserRef]:
    """A community's members by last name, then first name."""
    if not Community.select(Community.id).where(Community.id == community_id).exists():
        raise NotFoundError("That community does not exist.", field="community_id")
    in_community = Membership.select(Membership.user).where(Membership.community == community_id)
    return users_page(User.id.in_(in_community), cursor, limit)


@writes
def post_to_community(user_id: int, community_id: int, text: str,
                      attachments: Sequence[AttachmentSpec] = ()) -> PostView:
    """Publish a post (with ``attachments``, as ``posts.create_post``) in a
    community I am a member of."""
    from .posts import create_post

    return create_post(user_id, text, community_id, attachments)
