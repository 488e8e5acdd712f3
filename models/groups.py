"""Group conversations: a titled dialog of up to 500 members with roles.

A group is a ``dialog`` of kind "group"; its messages, read marks, history
and drafts are those of any dialog (``conversations``, ``messages``). This
module makes groups and changes who is in them. Each change is one
transaction that first takes the group's row lock (incrementing ``last_seq``
for the system line it writes), so concurrent adds, removes and sends from
several processes keep the numbering gapless and the membership consistent.

Roles: the creator is the ``owner``; the owner names ``admin``s. Owner and
admins add, remove (the owner alone removes admins; nobody removes the owner)
and rename; anyone leaves. An owner who leaves hands the group to the
longest-standing admin, else member; the last one out deletes the group.

A member sees the history from the line that added them; a removed member
keeps, read only, what they saw up to the line that removed them, and nothing
after (not even a new title).
"""

from __future__ import annotations

import uuid

from peewee import fn

from . import (
    activity,
    attachments,
    blocks,
    clock,
    conversations,
    group_activity,
    listen,
    system_lines,
)
from .db import reads, writes
from .dialog_list import title_as_seen
from .errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, msg
from .message_views import user_ref
from .schema import Dialog, DialogMember, Draft, Message, User
from .text import clean_line, has_visible_character
from .views import GroupInfo, GroupMember

MAX_MEMBERS = 500
MAX_TITLE = 100
OWNER, ADMIN, MEMBER = "owner", "admin", "member"
_ROLE_ORDER = {OWNER: 0, ADMIN: 1, MEMBER: 2}


# ---------------------------------------------------------------- small pieces

def _title(title: object) -> str:
    if not isinstance(title, str):
        raise ValidationError("A group's title must be text.", field="title")
    cleaned = clean_line(title)
    if not cleaned or not has_visible_character(cleaned):
        raise ValidationError("A group needs a title.", field="title")
    if len(cleaned) > MAX_TITLE:
        raise ValidationError(
            msg("A group's title can be at most {limit} characters long; this one has {length}.",
                limit=MAX_TITLE, length=len(cleaned)),
            field="title",
        )
    return cleaned


def _ids(user_ids: object) -> list[int]:
    if isinstance(user_ids, int | str) or not hasattr(user_ids, "__iter__"):
        raise ValidationError("Pick the people to add.", field="user_ids")
    ids: dict[int, None] = {}
    for uid in user_ids:
        if not isinstance(uid, int) or isinstance(uid, bool):
            raise ValidationError("That id is not valid.", field="user_ids")
        ids.setdefault(uid, None)
    return list(ids)


def _existing_people(ids: list[int]) -> None:
    found = {uid for (uid,) in User.select(User.id).where(User.id.in_(ids)).tuples()}
    missing = [uid for uid in ids if uid not in found]
    if missing:
        raise NotFoundError(
            msg("This person is not registered (user {id} does not exist).", id=missing[0]),
            field="user_ids",
        )


def _too_many(count: int) -> ValidationError:
    return ValidationError(
        msg("A group can have at most {limit} members.", limit=MAX_MEMBERS), field="user_ids"
    )


def _lock(user_id: int, dialog_id: int) -> conversations.Access:
    """Take the group's row lock, then read my place in it: a present member of
    a group, or NotFoundError (non-members, dialogs) / PermissionDeniedError (removed)."""
    conversations.group_access(user_id, dialog_id)  # not found before any write
    Dialog.update(last_seq=Dialog.last_seq).where(Dialog.id == dialog_id).execute()
    return conversations.require_present(conversations.group_access(user_id, dialog_id))


def _require_admin(me: conversations.Access) -> None:
    if me.role not in (OWNER, ADMIN):
        raise PermissionDeniedError("Only the group's owner and admins can do that.",
                                    field="dialog_id")


def _require_owner(me: conversations.Access) -> None:
    if me.role != OWNER:
        raise PermissionDeniedError("Only the group's owner can do that.", field="dialog_id")


def _line(dialog_id: int, actor_id: int, event: str, target_id: int | None = None,
          title: str | None = None) -> tuple[int, int]:
    """Write a system line (the next seq); returns (message id, seq)."""
    Dialog.update(last_seq=Dialog.last_seq + 1).where(Dialog.id == dialog_id).execute()
    seq = Dialog.select(Dialog.last_seq).where(Dialog.id == dialog_id).scalar()
    listen.notify_members(dialog_id)
    message_id = Message.insert(
        dialog=dialog_id, seq=seq, sender=actor_id, client_id=uuid.uuid4().hex,
        text=system_lines.payload(event, target_id, title), created_at=clock.now(),
        kind=system_lines.SYSTEM,
    ).execute()
    Dialog.update(last_message_id=message_id).where(Dialog.id == dialog_id).execute()
    return message_id, seq


def _members(dialog_id: int, user_ids: list[int]) -> dict[int, tuple]:
    """user id -> (role, left_seq) of these people's rows in the group."""
    return {
        uid: (role, left)
        for uid, role, left in DialogMember.select(
            DialogMember.user, DialogMember.role, DialogMember.left_seq
        ).where((DialogMember.dialog == dialog_id) & DialogMember.user.in_(user_ids)).tuples()
    }


def _present_count(dialog_id: int) -> int:
    return Dialog.select(Dialog.member_count).where(Dialog.id == dialog_id).scalar()


# ---------------------------------------------------------------- making and changing

@writes
def create_group(owner_id: int, title: str, member_ids) -> int:
    """Make a group titled ``title`` with ``owner_id`` as its owner and
    ``member_ids`` as members; returns its dialog id. Its first line says who
    made it; everyone in it sees the group appear (activity ``group_added``)."""
    title = _title(title)
    others = [uid for uid in _ids(member_ids) if uid != owner_id]
    if len(others) + 1 > MAX_MEMBERS:
        raise _too_many(len(others) + 1)
    _existing_people([owner_id, *others])
    blocks.check_can_add_to_group(owner_id, *others)  # nobody is added by one they blocked
    now = clock.now()
    dialog_id = Dialog.insert(kind="group", title=title, created_at=now,
                              member_count=len(others) + 1).execute()
    DialogMember.insert_many(
        [{"dialog": dialog_id, "user": owner_id, "role": OWNER, "from_seq": 1,
          "joined_at": now}]
        + [{"dialog": dialog_id, "user": uid, "role": MEMBER, "from_seq": 1, "joined_at": now}
           for uid in others]
    ).execute()
    _line(dialog_id, owner_id, system_lines.CREATED, title=title)
    DialogMember.update(last_read_seq=1).where(
        (DialogMember.dialog == dialog_id) & (DialogMember.user == owner_id)).execute()
    for uid in others:
        activity.record(uid, activity.GROUP_ADDED, actor_id=owner_id, dialog_id=dialog_id)
    return dialog_id


@writes
def add_members(actor_id: int, dialog_id: int, user_ids) -> list[int]:
    """Add people (owner and admins only); each gets an "added" line and sees
    the history from it. Refused whole when anyone is already in the group or
    the group would pass 500 members; returns the ids added, in order."""
    ids = _ids(user_ids)
    me = _lock(actor_id, dialog_id)
    _require_admin(me)
    if not ids:
        return []
    _existing_people(ids)
    blocks.check_can_add_to_group(actor_id, *ids)
    rows = _members(dialog_id, ids)
    present = [uid for uid in ids if uid in rows and rows[uid][1] is None]
    if present:
        raise ConflictError(
            msg("{name} is already in this group.", name=_name(present[0])), field="user_ids"
        )
    if _present_count(dialog_id) + len(ids) > MAX_MEMBERS:
        raise _too_many(_present_count(dialog_id) + len(ids))
    now = clock.now()
    for uid in ids:
        message_id, seq = _line(dialog_id, actor_id, system_lines.ADDED, target_id=uid)
        values = {"role": MEMBER, "from_seq": seq, "left_seq": None, "last_read_seq": seq,
                  "last_message_id": 0, "joined_at": now}
        if uid in rows:  # removed before: back in, seeing from this line on
            DialogMember.update(**values).where(
                (DialogMember.dialog == dialog_id) & (DialogMember.user == uid)).execute()
        else:
            DialogMember.insert(dialog=dialog_id, user=uid, **values).execute()
        activity.record(uid, activity.GROUP_ADDED, actor_id=actor_id, dialog_id=dialog_id,
                        ref_id=message_id)
    Dialog.update(member_count=Dialog.member_count + len(ids)).where(
        Dialog.id == dialog_id).execute()
    return ids


def _name(user_id: int) -> str:
    row = User.select(User.first_name, User.last_name).where(User.id == user_id).first()
    return f"{row.first_name} {row.last_name}" if row else str(user_id)


def _end_membership(dialog_id: int, user_id: int, message_id: int, seq: int) -> None:
    """``user_id`` keeps, read only, what they saw up to line ``seq``."""
    DialogMember.update(left_seq=seq, last_message_id=message_id, role=MEMBER).where(
        (DialogMember.dialog == dialog_id) & (DialogMember.user == user_id)).execute()
    Dialog.update(member_count=Dialog.member_count - 1).where(Dialog.id == dialog_id).execute()
    Draft.delete().where((Draft.user == user_id) & (Draft.dialog == dialog_id)).execute()


@writes
def remove_member(actor_id: int, dialog_id: int, user_id: int) -> None:
    """Remove ``user_id`` (owner and admins; only the owner removes an admin;
    nobody removes the owner). They keep the history up to the line saying so."""
    me = _lock(actor_id, dialog_id)
    _require_admin(me)
    if user_id == actor_id:
        raise ValidationError("You cannot remove yourself; leave the group instead.", field="user_id")
    role, left = _members(dialog_id, [user_id]).get(user_id, (None, 1))
    if left is not None:
        raise NotFoundError("This person is not in this group.", field="user_id")
    if role == OWNER:
        raise PermissionDeniedError("Nobody can remove the group's owner.", field="user_id")
    if role == ADMIN and me.role != OWNER:
        raise PermissionDeniedError("Only the group's owner can remove an admin.",
                                    field="user_id")
    message_id, seq = _line(dialog_id, actor_id, system_lines.REMOVED, target_id=user_id)
    _end_membership(dialog_id, user_id, message_id, seq)
    activity.record(user_id, activity.GROUP_REMOVED, actor_id=actor_id, dialog_id=dialog_id,
                    ref_id=message_id)


@writes
def leave_group(user_id: int, dialog_id: int) -> bool:
    """Leave the group (anyone). An owner hands it to the longest-standing admin,
    else member. The last one out deletes the group and its history: returns
    True then."""
    me = _lock(user_id, dialog_id)
    if _present_count(dialog_id) <= 1:
        pictures = attachments.pictures_of_messages(Message.dialog == dialog_id)
        Dialog.delete().where(Dialog.id == dialog_id).execute()
        attachments.sweep_media(pictures)  # the history's pictures no one else uses
        return True
    message_id, seq = _line(dialog_id, user_id, system_lines.LEFT)
    _end_membership(dialog_id, user_id, message_id, seq)
    if me.role == OWNER:
        heir = (
            DialogMember.select(DialogMember.user)
            .where((DialogMember.dialog == dialog_id) & DialogMember.left_seq.is_null())
            .order_by((DialogMember.role != ADMIN), DialogMember.from_seq, DialogMember.id)
            .scalar()
        )
        DialogMember.update(role=OWNER).where(
            (DialogMember.dialog == dialog_id) & (DialogMember.user == heir)).execute()
        line_id, _ = _line(dialog_id, user_id, system_lines.OWNER, target_id=heir)
        group_activity.record_for_members(dialog_id, user_id, activity.GROUP_ROLES, line_id)
    return False


@writes
def rename_group(actor_id: int, dialog_id: int, title: str) -> None:
    """A new title (owner and admins)."""
    title = _title(title)
    me = _lock(actor_id, dialog_id)
    _require_admin(me)
    if Dialog.select(Dialog.title).where(Dialog.id == dialog_id).scalar() == title:
        return
    Dialog.update(title=title).where(Dialog.id == dialog_id).execute()
    line_id, _ = _line(dialog_id, actor_id, system_lines.RENAMED, title=title)
    group_activity.record_for_members(dialog_id, actor_id, activity.GROUP_RENAMED, line_id)


@writes
def set_admin(actor_id: int, dialog_id: int, user_id: int, admin: bool) -> None:
    """Name ``user_id`` an admin, or revoke it (the owner only)."""
    me = _lock(actor_id, dialog_id)
    _require_owner(me)
    role, left = _members(dialog_id, [user_id]).get(user_id, (None, 1))
    if left is not None:
        raise NotFoundError("This person is not in this group.", field="user_id")
    if role == OWNER:
        raise ValidationError("The owner is more than an admin already.", field="user_id")
    wanted = ADMIN if admin else MEMBER
    if role == wanted:
        return
    DialogMember.update(role=wanted).where(
        (DialogMember.dialog == dialog_id) & (DialogMember.user == user_id)).execute()
    event = system_lines.ADMIN_GRANTED if admin else system_lines.ADMIN_REVOKED
    line_id, _ = _line(dialog_id, actor_id, event, target_id=user_id)
    group_activity.record_for_members(dialog_id, actor_id, activity.GROUP_ROLES, line_id)


# ---------------------------------------------------------------- reading

def title_seen(me: conversations.Access) -> str:
    """The title as I last saw it (a removed member does not learn of renames)."""
    if not me.read_only:
        return Dialog.select(Dialog.title).where(Dialog.id == me.dialog_id).scalar()
    return title_as_seen(me.dialog_id, me.end)


@reads
def group_info(user_id: int, dialog_id: int) -> GroupInfo:
    """The group as its members panel heads it; a removed member gets it as
    they last saw it (their role None, read only)."""
    me = conversations.group_access(user_id, dialog_id)
    dialog = Dialog.get_by_id(dialog_id)
    owner = None
    if not me.read_only:
        row = (DialogMember.select(User.id, User.login, User.first_name, User.last_name,
                                   User.avatar)
               .join(User, on=(User.id == DialogMember.user))
               .where((DialogMember.dialog == dialog_id) & (DialogMember.role == OWNER)
                      & DialogMember.left_seq.is_null()).tuples().first())
        owner = user_ref(row) if row else None
    return GroupInfo(
        dialog_id=dialog_id, title=title_seen(me), owner=owner,
        member_count=dialog.member_count, my_role=None if me.read_only else me.role,
        read_only=me.read_only, created_at=dialog.created_at,
    )


@reads
def group_members(user_id: int, dialog_id: int) -> list[GroupMember]:
    """The present members: the owner, the admins, then the others by name.
    Members only (a removed member is refused: the list is today's)."""
    conversations.require_present(conversations.group_access(user_id, dialog_id))
    rows = (
        DialogMember.select(User.id, User.login, User.first_name, User.last_name, User.avatar,
                            DialogMember.role, DialogMember.joined_at)
        .join(User, on=(User.id == DialogMember.user))
        .where((DialogMember.dialog == dialog_id) & DialogMember.left_seq.is_null())
        .order_by(User.first_key, User.last_key, User.id)
        .tuples()
    )
    members = [GroupMember(user=user_ref(r[:5]), role=r[5], joined_at=r[6]) for r in rows]
    return sorted(members, key=lambda m: _ROLE_ORDER.get(m.role, 3))


@reads
def group_count(user_id: int) -> int:
    """How many groups I am in (present member)."""
    return DialogMember.select(fn.COUNT(DialogMember.id)).where(
        (DialogMember.user == user_id) & DialogMember.role.is_null(False)
        & DialogMember.left_seq.is_null()).scalar()


@reads
def member_logins(user_id: int, dialog_id: int) -> list[str]:
    """The present members' logins, in no order (what "@" completes to in the
    composer): ``group_members`` without the people's names and roles, a
    quarter of its time for 500 members. Members only, as ``group_members``."""
    conversations.require_present(conversations.group_access(user_id, dialog_id))
    return [login for (login,) in (
        User.select(User.login).join(DialogMember, on=(User.id == DialogMember.user))
        .where((DialogMember.dialog == dialog_id) & DialogMember.left_seq.is_null())
        .tuples())]
