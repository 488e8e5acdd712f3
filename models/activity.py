"""Live updates: a change feed per person, and the poller a running app asks.

New messages need no feed: ``dialogs.messages_after`` finds them from the
dialog rows. Everything else another person's open screen must show — an
edited or deleted message, a read mark that moved (the sender's ✓ becomes ✓✓),
a friend request and its answer — is written by its writer, in the same
transaction, as one ``Activity`` row addressed to that person (``record``).
An app asks for rows with ``id`` greater than the last one it saw: one range
search of the ``(user, id)`` index. Rows serve running apps only, so rows older
than a day are pruned now and then by the writers.

New posts are not fanned out (a post in a big community would write a row per
member); the feed screen instead asks how many posts of its feed are newer
than its newest (``posts.newer_post_count``), only while it is on screen.

``LivePoller`` is what an app runs, a few times a second, from one long-lived
thread. On SQLite it first asks ``PRAGMA data_version``, which changes only
when another connection committed: while nothing happens anywhere, a poll is
that one pragma and nothing else. The value is per connection, hence the one
thread (peewee keeps a connection per thread). On PostgreSQL the same question
is the current snapshot (it moves when a writing transaction begins or ends),
and the app also polls when a NOTIFY names its person (models/listen.py); since ids
there are taken before commit, the poller reads again from a settled position
until the transactions that could still commit below what it saw have ended
(``_settle``), and hands on each row once. Who types in my dialogs (models/typing_signal.py)
is asked with the rest, and reported when it differs from the last report.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from peewee import JOIN

from . import clock, comments, dialogs, listen, mutes, post_watch, posts, typing_signal
from .db import database, is_sqlite, reads, writes
from .errors import DomainError, ValidationError, msg
from .live_stream import _Checkpoint, _checkpoint, _settle, _snapshot, _Stream
from .schema import Activity, DialogMember, User
from .views import ActivityView, LiveChanges, MessageView, UserRef

# Kinds of activity. ``ref_id`` is the message id for the message kinds and
# the seq the read mark moved to for READ; ``actor`` is who did it.
MESSAGE_EDITED = "message_edited"
MESSAGE_DELETED = "message_deleted"
READ = "read"
FRIEND_REQUEST = "friend_request"  # the actor asks me to be friends
FRIEND_ACCEPTED = "friend_accepted"  # the actor accepted my request
FRIEND_DECLINED = "friend_declined"  # the actor turned my request down
FRIEND_CANCELLED = "friend_cancelled"  # the actor took their request back
FRIEND_REMOVED = "friend_removed"  # the actor ended our friendship
# Groups (models/groups.py); ``dialog`` is the group. Their system lines also
# arrive as new messages; these rows say what the list and the chat must redo.
GROUP_ADDED = "group_added"  # the actor added me (or made the group with me): it appears
GROUP_REMOVED = "group_removed"  # the actor removed me: the group turns read only
GROUP_RENAMED = "group_renamed"  # the title changed (ref_id: the system line's id)
GROUP_ROLES = "group_roles"  # someone became or stopped being admin or owner
GROUP_KINDS = frozenset({GROUP_ADDED, GROUP_REMOVED, GROUP_RENAMED, GROUP_ROLES})
REACTED = "reacted"  # the actor reacted to (or took back a reaction on) message ref_id
POST_REACTED = "post_reacted"  # … on my post ref_id
POST_COMMENTED = "post_commented"  # the actor commented on my post: ref_id is the comment
# The actor's name, login or avatar changed: what my chats show of them is old
# (models/profile_activity.py; the actor as read with the row is as they are now).
PROFILE_CHANGED = "profile_changed"
KINDS = frozenset({
    MESSAGE_EDITED, MESSAGE_DELETED, READ, FRIEND_REQUEST, FRIEND_ACCEPTED,
    FRIEND_DECLINED, FRIEND_CANCELLED, FRIEND_REMOVED, *GROUP_KINDS, REACTED, POST_REACTED,
    POST_COMMENTED, PROFILE_CHANGED,
})
FRIEND_KINDS = frozenset({
    FRIEND_REQUEST, FRIEND_ACCEPTED, FRIEND_DECLINED, FRIEND_CANCELLED, FRIEND_REMOVED,
})

KEEP_FOR = timedelta(days=1)
PRUNE_EVERY = 200  # records made by this process between two prunes
MAX_BATCH = 500  # rows one poll reads; the next poll reads on
MESSAGE_BATCH = 200  # messages one poll reads

_records_since_prune = 0


# ---------------------------------------------------------------- writing

def check_kind(kind: str) -> None:
    """A ``ValidationError`` unless ``kind`` is one of ``KINDS``."""
    if kind not in KINDS:
        raise ValidationError(msg("Unknown kind of activity: {kind!r}.", kind=kind), field="kind")


@writes
def record(
    user_id: int, kind: str, *, actor_id: int | None = None, dialog_id: int | None = None,
    ref_id: int | None = None,
) -> None:
    """Tell ``user_id``'s running app that ``kind`` happened. Called inside the
    writer's transaction, so the row commits (or not) with the change itself."""
    check_kind(kind)
    listen.notify(user_id)  # before the insert: see listen.notify
    Activity.insert(
        user=user_id, kind=kind, actor=actor_id, dialog=dialog_id, ref_id=ref_id,
        created_at=clock.now(),
    ).execute()
    _maybe_prune()


@writes
def record_many(
    user_ids: list[int], kind: str, *, actor_id: int | None = None,
    dialog_id: int | None = None, ref_id: int | None = None,
) -> None:
    """``record`` for each of ``user_ids``, in one statement (and one
    notification statement on PostgreSQL) however many they are: a read in a
    group tells every sender whose message it reached, one row each."""
    check_kind(kind)
    if not user_ids:
        return
    listen.notify_many(user_ids)  # before the insert: see listen.notify
    now = clock.now()
    Activity.insert_many(
        [{"user": uid, "kind": kind, "actor": actor_id, "dialog": dialog_id, "ref_id": ref_id,
          "created_at": now} for uid in user_ids],
    ).execute()
    _maybe_prune(len(user_ids))


@writes
def record_for_peer(dialog_id: int, actor_id: int, kind: str, ref_id: int | None = None) -> None:
    """Tell the other member of ``actor_id``'s dialog (nobody, in saved notes;
    groups: ``group_activity.record_for_conversation``)."""
    peer_id = (
        DialogMember.select(DialogMember.peer)
        .where((DialogMember.dialog == dialog_id) & (DialogMember.user == actor_id))
        .scalar()
    )
    if peer_id is not None and peer_id != actor_id:
        record(peer_id, kind, actor_id=actor_id, dialog_id=dialog_id, ref_id=ref_id)


def _maybe_prune(records: int = 1) -> None:
    global _records_since_prune
    _records_since_prune += records
    if _records_since_prune >= PRUNE_EVERY:
        _records_since_prune = 0
        prune()


@writes
def prune(older_than: timedelta = KEEP_FOR) -> int:
    """Delete activity older than ``older_than`` (by the ``created_at`` index);
    returns how many rows went."""
    return Activity.delete().where(Activity.created_at < clock.now() - older_than).execute()


# ---------------------------------------------------------------- reading

def _check_position(value: object, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationError("The polling position must be a whole number.", field=field)
    return value


@reads
def latest_activity_id(user_id: int) -> int:
    """The id of the newest activity addressed to me (0 when there is none)."""
    row = (
        Activity.select(Activity.id)
        .where(Activity.user == user_id)
        .order_by(Activity.id.desc())
        .limit(1)
        .tuples()
        .first()
    )
    return row[0] if row else 0


@reads
def activity_after(user_id: int, after_id: int, limit: int = MAX_BATCH) -> list[ActivityView]:
    """Activity addressed to me with ids above ``after_id``, oldest first, with
    the person who did it — one query."""
    _check_position(after_id, "after_id")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValidationError("The page size must be a positive whole number.", field="limit")
    rows = (
        Activity.select(
            Activity.id, Activity.kind, Activity.dialog, Activity.ref_id, Activity.created_at,
            User.id, User.login, User.first_name, User.last_name, User.avatar,
        )
        .join(User, on=(Activity.actor == User.id), join_type=JOIN.LEFT_OUTER)
        .where((Activity.user == user_id) & (Activity.id > after_id))
        .order_by(Activity.id)
        .limit(min(limit, MAX_BATCH))
        .tuples()
    )
    return [
        ActivityView(
            id=aid, kind=kind, dialog_id=dialog_id, ref_id=ref_id, created_at=created_at,
            actor=(
                UserRef(id=uid, login=login, first_name=first, last_name=last, avatar_id=avatar)
                if uid is not None else None
            ),
        )
        for (aid, kind, dialog_id, ref_id, created_at, uid, login, first, last, avatar) in rows
    ]


# ---------------------------------------------------------------- the poller

class LivePoller:
    """What changed for one person since the last poll. Keep one per logged-in
    person and call ``poll`` from one thread only (see the module docstring).

    The first poll only learns where things end (and the unread total); later
    polls return what is new, each message and activity row once, or ``None``
    when there is nothing to show.
    """

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self._messages: _Stream | None = None  # None until the first poll
        self._activity = _Stream(0)
        self._pending: tuple[_Checkpoint, ...] = ()  # PostgreSQL: positions not yet settled
        self._unread: int | None = None
        self._feed: tuple[bool, int] | None = None
        self._new_posts: int | None = None
        self._post: tuple[int, int] | None = None  # the open post's (id, newest comment shown)
        self._post_watch = post_watch.PostWatch()  # what the open post looked like last
        self._cards: tuple[int, ...] = ()  # posts on screen
        self._card_counts: dict[int, int] = {}  # their comment counts last read
        self._typing: tuple[tuple, ...] | None = None  # typing_signal.typing_rows last reported
        self._typing_views = typing_signal.TypingViews()
        # (connection, data_version): a new connection (after a failure, or after
        # models.db dropped one whose file was moved away) starts afresh.
        self._seen: tuple[object, int] | None = None

    def forget_unread(self) -> None:
        """The next poll reads everything and reports the unread total even if
        it did not change since the last report (the caller showed a total of
        its own meanwhile)."""
        self._unread = None
        self._seen = None

    def poll(
        self, feed: tuple[bool, int] | None = None, post: tuple[int, int] | None = None,
        cards: tuple[int, ...] = (),
    ) -> LiveChanges | None:
        """Ask once. ``feed`` is (everyone?, newest post id shown) while a feed is
        on screen, to count newer posts; ``None`` otherwise. ``post`` is (post id,
        newest comment id shown) while a post is open, to read its new comments;
        ``cards`` the ids of the posts on screen, whose comment counts it reports
        when they change (one indexed read of those rows, only after a commit).

        Raises ``DatabaseError`` while the database cannot be used; the next poll
        after it returns reconnects and delivers what was missed."""
        try:
            return self._poll(feed, post, cards)
        except DomainError:
            self._seen = None
            raise

    @reads
    def _poll(
        self, feed: tuple[bool, int] | None, post: tuple[int, int] | None = None,
        cards: tuple[int, ...] = (),
    ) -> LiveChanges | None:
        # State changes only at the end: a failure half-way leaves it as it was,
        # so the next poll asks the same questions again.
        changed, seen = self._data_changed()
        if not changed and feed == self._feed and post == self._post and cards == self._cards:
            return None
        first = self._messages is None
        messages: list[MessageView] = []
        activity: list[ActivityView] = []
        unread = self._unread
        more = False
        pending = self._pending
        if first:
            message_stream = _Stream(dialogs.latest_message_id())
            activity_stream = _Stream(latest_activity_id(self.user_id))
        else:
            message_stream, activity_stream = self._messages, self._activity
        if changed and not first:
            settled = (-1, -1)
            if not is_sqlite():
                # Judged before reading, applied after: rows of the transactions
                # that have ended by now are among what this poll reads.
                snapshot = _snapshot()
                if message_stream.high > message_stream.settled or (
                    activity_stream.high > activity_stream.settled
                ):
                    pending = _checkpoint(
                        pending, snapshot, message_stream.high, activity_stream.high
                    )
                settled, pending = _settle(pending, snapshot)
            read = dialogs.messages_after(self.user_id, message_stream.settled, MESSAGE_BATCH)
            read_activity = activity_after(self.user_id, activity_stream.settled)
            more = len(read) >= MESSAGE_BATCH or len(read_activity) >= MAX_BATCH
            messages, message_stream = message_stream.take(read, full=len(read) >= MESSAGE_BATCH)
            activity, activity_stream = activity_stream.take(
                read_activity, full=len(read_activity) >= MAX_BATCH
            )
            message_stream = message_stream.settle(settled[0])
            activity_stream = activity_stream.settle(settled[1])
        typing_rows = self._typing
        if changed:
            unread = dialogs.unread_total(self.user_id)
            typing_rows = typing_signal.typing_rows(self.user_id)
        new_posts = self._new_posts if feed is not None else None
        if feed is not None and (changed or feed != self._feed):
            new_posts = posts.newer_post_count(self.user_id, feed[1], everyone=feed[0])
        changed_messages = self._changed_messages(activity, messages)
        dialog_ids = {m.dialog_id for m in messages}
        muted = mutes.muted_dialog_ids(self.user_id, dialog_ids) if messages else frozenset()
        titles = dialogs.group_titles(dialog_ids) if messages else ()
        comments_on_mine = self._comments_on_mine(activity)
        changed_posts = self._changed_posts(activity, comments_on_mine)
        watched = (
            self._post_watch.read(self.user_id, post)
            if post is not None and (changed or post != self._post) else None
        )
        counts, card_counts = self._card_counts, ()
        if cards and (changed or cards != self._cards):
            counts = dict(posts.comment_counts(cards))
            card_counts = tuple(
                (pid, n) for pid, n in counts.items()
                if pid in self._card_counts and self._card_counts[pid] != n
            )

        typing_changed = typing_rows != self._typing
        # Before any state changes: a failure here leaves the poll to ask again.
        typing = self._typing_views.views(typing_rows) if typing_changed else None
        report = bool(messages or activity) or unread != self._unread or (
            new_posts != self._new_posts or feed != self._feed or typing_changed
        ) or (watched is not None and watched.reportable) or bool(card_counts)
        self._messages, self._activity, self._pending = message_stream, activity_stream, pending
        self._typing = typing_rows
        self._unread, self._feed, self._new_posts = unread, feed, new_posts
        self._post = post
        self._post_watch.keep(watched, post)
        self._cards = cards
        self._card_counts = {pid: counts[pid] for pid in cards if pid in counts}
        # With more rows waiting, forget the version so the next poll reads on.
        self._seen = None if more else seen
        if not report:
            return None
        return LiveChanges(
            messages=tuple(messages),
            changed_messages=tuple(changed_messages),
            read_marks=_read_marks(activity),
            activity=tuple(activity),
            unread_total=unread or 0,
            new_posts=new_posts,
            muted_dialogs=muted,
            group_titles=titles,
            typing=typing,
            changed_posts=tuple(changed_posts),
            comments_on_mine=tuple(comments_on_mine),
            **post_watch.live_fields(watched),
            comment_counts=card_counts,
        )

    def _changed_messages(
        self, activity: list[ActivityView], messages: list[MessageView]
    ) -> list[MessageView]:
        """Messages edited, deleted or reacted to (as they are now), unless already
        among the new."""
        known = {m.id for m in messages}
        ids = [
            a.ref_id for a in activity
            if a.kind in (MESSAGE_EDITED, MESSAGE_DELETED, REACTED) and a.ref_id not in known
        ]
        return dialogs.messages_by_id(self.user_id, ids) if ids else []

    def _changed_posts(self, activity: list[ActivityView], commented: list) -> list:
        """My posts someone reacted to or commented on, as they are now."""
        ids = [a.ref_id for a in activity if a.kind == POST_REACTED]
        ids += [c.post_id for c in commented]
        return posts.posts_by_id(self.user_id, ids) if ids else []

    def _comments_on_mine(self, activity: list[ActivityView]) -> list:
        """Comments others wrote under my posts (still there), oldest first."""
        ids = [a.ref_id for a in activity if a.kind == POST_COMMENTED]
        return comments.comments_by_id(self.user_id, ids) if ids else []

    def _data_changed(self) -> tuple[bool, tuple[object, object] | None]:
        """(whether anything may have changed, the version to remember).

        SQLite: ``PRAGMA data_version``, which moves when another connection
        commits. PostgreSQL: the current snapshot (``xmin:xmax:running``), which
        moves when any transaction that wrote begins or ends — the same question,
        one statement instead of the poll's reads while the community is quiet.
        Positions still waiting to settle (``_settle``) always read."""
        db = database.obj
        if is_sqlite():
            version = db.execute_sql("PRAGMA data_version").fetchone()[0]
        else:
            version = db.execute_sql("SELECT pg_current_snapshot()::text").fetchone()[0]
        seen = (db.connection(), version)
        previous = self._seen
        unchanged = previous is not None and previous[0] is seen[0] and previous[1] == version
        return not unchanged or bool(self._pending), seen

def _read_marks(activity: Iterable[ActivityView]) -> tuple[tuple[int, int], ...]:
    """The furthest read mark per dialog."""
    marks: dict[int, int] = {}
    for item in activity:
        if item.kind == READ and item.dialog_id is not None and item.ref_id is not None:
            marks[item.dialog_id] = max(marks.get(item.dialog_id, 0), item.ref_id)
    return tuple(sorted(marks.items()))
