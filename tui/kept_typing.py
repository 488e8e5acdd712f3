"""What was typed in a box and closed unsent (Esc, Cancel) comes back when
the box is opened again, for the session (part of ``MessengerApp``: its
``typed_in_boxes``, forgotten at log-in and log-out, so the next person on
the terminal never sees it) — as New post and the post and comment boxes keep
theirs (``tui/post_drafts.py``).

A box mixes in ``KeepsTyped`` (before ``ModalBox``). Its fields are kept by
their ids under a key: its kind, and its target when it is about one thing
(``kept_as``: the post reposted, the playlist renamed, the track shared; set
by the box or by who opens it, ``kept_for``). What it holds as it opens (a
playlist's name, a community's about) is its own: only a field the person
changed is kept. Closed with nothing (``None``, ``False``: cancelled), what
it holds is kept; closed with a result (the dialog started, the group
created, the repost sent), nothing is, and it opens empty next time.
Passwords are never kept (``Typed.on`` leaves them out).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

from textual.screen import Screen

from .carry_over import Typed

S = TypeVar("S", bound=Screen)


class KeepsTyped:
    """Mixed into a box whose typing outlives an Esc."""

    kept_as: Hashable = None  # the one thing the box is about (None: one box of its kind)
    KEEPS_MORE = False  # what it says the person made besides text (``more_typed``) kept too
    KEPT_ON_MOUNT = True  # False: the box calls ``put_kept`` once it is filled (a worker)
    _opened_with: dict[str, str] | None = None  # its fields' text before the kept was put in

    def on_mount(self) -> None:
        if self.KEPT_ON_MOUNT:
            self.put_kept()

    def _kept_key(self) -> tuple[str, Hashable]:
        return type(self).__name__, self.kept_as

    def put_kept(self) -> None:
        """What was typed here before (and kept), over what the box opened with."""
        self._opened_with = dict(Typed.on(self).texts)  # type: ignore[arg-type]
        kept = self.app.typed_in_boxes.get(self._kept_key())  # type: ignore[attr-defined]
        if kept is not None:
            kept.put_into(self)  # type: ignore[arg-type]

    def dismiss(self, result=None):  # type: ignore[no-untyped-def]
        self._keep_typed(result)
        return super().dismiss(result)  # type: ignore[misc]

    def _keep_typed(self, result: object) -> None:
        opened_with = self._opened_with
        if opened_with is None:
            return  # closed before it was filled: nothing typed, the kept stays as it was
        kept_boxes = self.app.typed_in_boxes  # type: ignore[attr-defined]
        key = self._kept_key()
        kept_boxes.pop(key, None)
        if result:
            return  # done: the next one opens empty
        typed = Typed.on(self)  # type: ignore[arg-type]
        texts = {field: text for field, text in typed.texts.items()
                 if text != opened_with.get(field, "")}
        more = typed.more if self.KEEPS_MORE else None
        if texts or more is not None:
            kept_boxes[key] = Typed(texts=texts, more=more)


def kept_for(box: S, target: Hashable) -> S:
    """``box`` (a ``KeepsTyped``) keeps what is typed in it for ``target``
    alone: the comment of a repost of one post is not another's."""
    box.kept_as = target  # type: ignore[attr-defined]
    return box
