"""Each dialog's unsent text, reply and edit while the app runs, and the drafts
written to the database.

The Dialogs screen has one composer for every dialog: when the person opens
another dialog, what they left in it is kept here under the dialog's peer and
what they left in the other one comes back. The text and the reply also go to
the database (``models.drafts``), so they outlive a restart and a log-out; an
edit in progress lives only as long as the app.

Writing is ``flush``, called from a worker thread (and once more when the
screen goes away): it writes what is here *when it runs*, under a lock, so two
flushes can never write an older text after a newer one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from models import drafts
from models.errors import ValidationError
from models.views import DraftView, MessageView, UserRef

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
    """``ComposeState`` per peer id for one person, and their drafts in the database."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self._states: dict[int, ComposeState] = {}
        self._stored: dict[int, tuple[str, int | None]] = {}  # as the database has it
        self._lock = threading.Lock()

    def get(self, peer_id: int) -> ComposeState:
        return self._states.get(peer_id, ComposeState())

    def put(self, peer_id: int, state: ComposeState) -> None:
        """Keep ``state`` for ``peer_id`` (with the person it is for, once known)."""
        if state.peer is None and peer_id in self._states:
            state = replace(state, peer=self._states[peer_id].peer)
        self._states[peer_id] = state

    def finish_edit(self, message_id: int) -> None:
        """The edit of ``message_id`` was saved: no dialog goes back to editing it."""
        for peer_id, state in list(self._states.items()):
            if state.editing is not None and state.editing.id == message_id:
                self._states[peer_id] = replace(state, editing=None, edit_text="")

    def note_stored(self, found: list[DraftView]) -> None:
        """From the thread that read them: these drafts are in the database."""
        with self._lock:
            for draft in found:
                self._stored.setdefault(draft.peer.id, _draft_state(draft).stored)

    def load(self, found: list[DraftView]) -> list[int]:
        """The drafts read at start: kept for every peer not written to in this run
        yet. Returns the peers whose state came from the database."""
        taken = []
        for draft in found:
            if draft.peer.id not in self._states:
                self._states[draft.peer.id] = _draft_state(draft)
                taken.append(draft.peer.id)
        return taken

    def previews(self) -> dict[int, str]:
        """Peer id → the unsent text, for every dialog that has some."""
        return {peer_id: state.text for peer_id, state in self._states.items()
                if state.text.strip()}

    def drafted_peers(self) -> list[UserRef]:
        """The people I have a draft for (to list dialogs not started yet)."""
        return [state.peer for state in self._states.values()
                if state.peer is not None and state.text.strip()]

    def unsaved(self) -> bool:
        return any(state.stored != self._stored.get(peer_id, _NOTHING)
                   for peer_id, state in list(self._states.items()))

    def flush(self) -> None:
        """Write every draft that changed since it was last written (a worker thread).

        A reply whose message went meanwhile is dropped and the text written
        alone; any other refusal propagates, and is not tried again until the
        draft changes."""
        with self._lock:
            for peer_id, state in list(self._states.items()):
                want = state.stored
                if want == self._stored.get(peer_id, _NOTHING):
                    continue
                self._stored[peer_id] = want
                text, reply_to_id = want
                if want == _NOTHING:
                    drafts.clear_draft(self.user_id, peer_id)
                    continue
                try:
                    drafts.save_draft(self.user_id, peer_id, text, reply_to_id)
                except ValidationError as exc:
                    if exc.field != "reply_to_id":
                        raise
                    drafts.save_draft(self.user_id, peer_id, text)


def _draft_state(draft: DraftView) -> ComposeState:
    return ComposeState(text=draft.text, reply_to=draft.reply_to, peer=draft.peer)
