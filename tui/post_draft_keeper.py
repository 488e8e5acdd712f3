"""One person's posts and comments written and not sent, as the app holds
them and as the database has them (``tui/post_drafts.py`` keeps one per
log-in). Writing is ``flush``, from a worker thread or as the app ends."""

from __future__ import annotations

import threading
from functools import partial

from models import post_drafts
from models.errors import DomainError

from .draft_keeper import written

Key = tuple[str, int]  # (box, target): models.post_drafts


class PostDraftKeeper:
    """One person's post and comment drafts: what the app holds (``want``) and
    what the database has, written by ``flush``."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self._wanted: dict[Key, str] = {}
        self._stored: dict[Key, str] = {}  # as the database has it
        self._refused: dict[Key, str | None] = {}  # the field its last write was refused for
        self._lock = threading.Lock()
        # Set once the drafts read at log-in are in the boxes: until then an
        # empty box is not yet what the person left, and removes no draft.
        self.read = False

    def want(self, drafts: dict[Key, str]) -> None:
        """What the app holds now (on the UI thread): the next flush writes it."""
        self._wanted = drafts

    def note_stored(self, found: dict[Key, str]) -> None:
        """From the thread that read them: these drafts are in the database."""
        with self._lock:
            for key, text in found.items():
                self._stored.setdefault(key, text)

    def unsaved(self) -> bool:
        return self._wanted != self._stored

    def flush(self) -> None:
        """Write every draft that changed since it was last written (a worker
        thread, or the UI thread as the app ends): what is wanted *when it
        runs*, under a lock, so an older text is never written after a newer.
        A refusal (a draft too long) is said once, not after each pause in the
        typing; the other drafts are written all the same."""
        refused: DomainError | None = None
        with self._lock:
            wanted = self._wanted
            for key in set(wanted) | set(self._stored):
                text = wanted.get(key, "")
                if text == self._stored.get(key, "") or not (text or self.read):
                    continue
                if text:
                    self._stored[key] = text
                else:
                    self._stored.pop(key, None)
                said = written(self._refused, key,
                               partial(post_drafts.save_post_draft, self.user_id, *key, text))
                refused = refused or said
        if refused is not None:
            raise refused
