"""Each dialog's unsent text, reply and edit while the app runs, and the drafts
written to the database.

The Dialogs screen has one composer for every dialog: when the person opens
another dialog, what they left in it is kept here under the chat's key
(``tui.chats``: the person of a dialog, or the group) and
what they left in the other one comes back. The text and the reply also go to
the database (``models.drafts``), so they outlive a restart and a log-out; an
edit in progress lives only as long as the app.

Writing is ``flush``, called from a worker thread (and once more when the
screen goes away): it writes what is here *when it runs*, under a lock, so two
flushes can never write an older text after a newer one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from models import drafts
from models.errors import DomainError, ValidationError
from models.views import DraftView, MessageView, UserRef
from tui.chats import PEER, group_key, parse_key, peer_key

_NOTHING: tuple[str, int | None] = ("", None)


@dataclass(frozen=True, slots=True)
class ComposeState:
    """The composer of one dialog as the person left it."""

    text: str = ""  # the message being written (under an edit: the one put aside)
    reply_to: MessageView | None = None
    editing: MessageView | None = None  # a message of mine being edited (this run only)
    edit_text: str = ""  # the edited message's text so far
    peer: UserRef | None = None  # who the dialog is with, to list a dialog not started yet

    @property
    def stored(self) -> tuple[str, int | None]:
        """What the database keeps: the text and the replied message's id."""
        if not self.text.strip() and self.reply_to is None:
            return _NOTHING
        return self.text, self.reply_to.id if self.reply_to is not None else None


class DraftKeeper:
    """``ComposeState`` per chat key for one person, and their drafts in the database."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self._states: dict[str, ComposeState] = {}
        self._stored: dict[str, tuple[str, int | None]] = {}  # as the database has it
        self._lock = threading.Lock()
        self._refused: dict[str, str | None] = {}  # chat key -> the field its last write was refused for

    def get(self, key: str) -> ComposeState:
        return self._states.get(key, ComposeState())

    def put(self, key: str, state: ComposeState) -> None:
        """Keep ``state`` for the chat ``key`` (with the person it is for, once known)."""
        if state.peer is None and key in self._states:
            state = replace(state, peer=self._states[key].peer)
        self._states[key] = state

    def finish_edit(self, message_id: int) -> None:
        """The edit of ``message_id`` was saved: no dialog goes back to editing it."""
        for key, state in list(self._states.items()):
            if state.editing is not None and state.editing.id == message_id:
                self._states[key] = replace(state, editing=None, edit_text="")

    def show_people(self, people) -> None:
        """A reply waiting in a dialog names the message's sender as they are
        now (``people``: a new name or login, by id)."""
        for key, state in list(self._states.items()):
            reply = state.reply_to
            if reply is not None and reply.sender.id in people:
                self._states[key] = replace(
                    state, reply_to=replace(reply, sender=people[reply.sender.id]))

    def note_stored(self, found: list[DraftView]) -> None:
        """From the thread that read them: these drafts are in the database."""
        with self._lock:
            for draft in found:
                self._stored.setdefault(draft_key(draft), _draft_state(draft).stored)

    def load(self, found: list[DraftView]) -> list[str]:
        """The drafts read at start: kept for every chat not written to in this run
        yet. Returns the keys of the chats whose state came from the database."""
        taken = []
        for draft in found:
            key = draft_key(draft)
            if key not in self._states:
                self._states[key] = _draft_state(draft)
                taken.append(key)
        return taken

    def previews(self) -> dict[str, str]:
        """Chat key → the unsent text, for every chat that has some."""
        return {key: state.text for key, state in self._states.items() if state.text.strip()}

    def drafted_peers(self) -> list[UserRef]:
        """The people I have a draft for (to list dialogs not started yet)."""
        return [state.peer for state in self._states.values()
                if state.peer is not None and state.text.strip()]

    def unsaved(self) -> bool:
        return any(state.stored != self._stored.get(key, _NOTHING)
                   for key, state in list(self._states.items()))

    def flush(self) -> None:
        """Write every draft that changed since it was last written (a worker thread).

        A reply whose message went meanwhile is dropped and the text written
        alone. Any other refusal is not tried again until the draft changes;
        the other drafts are written all the same, then the refusal propagates,
        unless the same draft was refused for the same reason the last time
        (a draft over the length allowed, typed on: said once, not after each
        pause in the typing)."""
        refused: DomainError | None = None
        with self._lock:
            for key, state in list(self._states.items()):
                want = state.stored
                if want == self._stored.get(key, _NOTHING):
                    continue
                self._stored[key] = want
                said = written(self._refused, key, partial(self._write, key, want))
                refused = refused or said
        if refused is not None:
            raise refused

    def _write(self, key: str, want: tuple[str, int | None]) -> None:
        kind, number = parse_key(key)
        save, clear = ((drafts.save_draft, drafts.clear_draft) if kind == PEER
                       else (drafts.save_draft_in, drafts.clear_draft_in))
        text, reply_to_id = want
        if want == _NOTHING:
            clear(self.user_id, number)
            return
        try:
            save(self.user_id, number, text, reply_to_id)
        except ValidationError as exc:
            if exc.field != "reply_to_id":
                raise
            save(self.user_id, number, text)


def written(refused: dict, key, write: Callable[[], None]) -> DomainError | None:
    """``write()`` the draft ``key``; its refusal, to be said, unless the same
    draft was refused for the same reason the last time (``refused``: each
    draft's last refusal, its field; a draft over the length allowed, typed
    on, is said once, not after each pause in the typing)."""
    try:
        write()
    except DomainError as exc:
        said = refused.get(key, _NOT_REFUSED) == exc.field
        refused[key] = exc.field
        return None if said else exc
    refused.pop(key, None)
    return None


_NOT_REFUSED = object()


def draft_key(draft: DraftView) -> str:
    """The chat a stored draft belongs to."""
    return peer_key(draft.peer.id) if draft.peer is not None else group_key(draft.dialog_id)


def _draft_state(draft: DraftView) -> ComposeState:
    return ComposeState(text=draft.text, reply_to=draft.reply_to, peer=draft.peer)
