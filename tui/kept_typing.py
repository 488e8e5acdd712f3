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
Passwords are never kept (``Typed.on`` leaves them out), nor a field that is
as secret though shown (``NOT_KEPT``: Forgot password's recovery code).

The forms before log-in keep theirs too (Register, Forgot password: a login
typed and Esc pressed by mistake is not lost); what they kept is forgotten
at the log-in, as everything kept here is.

A box whose answer is acted on after it closed (New group's group created by
Dialogs, the people added by the members panel, the track shared, the chat
opened from New dialog) remembers what it held then (``answered``, an
``Answered``). If the action is refused (a person picked has blocked me, the
database failed), whoever ran it hands the refusal to the box
(``when_refused``) and nothing typed is lost: the box opens again at once
with it and the reason in its error line (``REFUSAL_LINE``) when it has one
and the person is still where they opened it; else what it held is there
when they next open it, and the reason is a notification. A refusal that
comes once the person has logged out is dropped with what it kept: the next
person never sees either.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

from textual.screen import Screen

from models.errors import DomainError

from .carry_over import Typed
from .i18n import _, translate_error

S = TypeVar("S", bound=Screen)


class KeepsTyped:
    """Mixed into a box whose typing outlives an Esc."""

    kept_as: Hashable = None  # the one thing the box is about (None: one box of its kind)
    KEEPS_MORE = False  # what it says the person made besides text (``more_typed``) kept too
    NOT_KEPT: tuple[str, ...] = ()  # ids of fields as secret as a password, though not masked
    KEPT_ON_MOUNT = True  # False: the box calls ``put_kept`` once it is filled (a worker)
    _opened_with: dict[str, str] | None = None  # its fields' text before the kept was put in
    REFUSAL_LINE: str | None = None  # the id of its line for why its answer was refused
    answered: Answered | None = None  # closed with a result: what it held then
    refusal: str = ""  # opened again by ``Answered.refused``: why, put in its REFUSAL_LINE

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
            if not self.refusal:  # (a refusal says why it is back in its own line)
                # The fields hold text neither sent nor saved (Edit profile's
                # cancelled changes, say): the person is told so.
                self.app.notify(_("What you typed here before is back. "  # type: ignore[attr-defined]
                                  "Nothing of it is sent or saved yet."))
        if self.refusal and self.REFUSAL_LINE:
            self.query_one(f"#{self.REFUSAL_LINE}").update(self.refusal)  # type: ignore[attr-defined]

    @property
    def when_refused(self) -> Callable[[DomainError], None]:
        """What its answer asked for was refused: what to call with why, on
        the UI thread (``app.call_from_thread``: the box is gone by then, and
        an answer to a screen gone is dropped, ``tui/worker_answers.py``)."""
        if self.answered is not None:
            return self.answered.refused
        return self.app.show_error  # type: ignore[attr-defined]

    def forget_kept(self) -> None:
        """What it asked for is done by itself, not by closing (an account
        made): what was kept for it is gone, and it opens empty next time."""
        self.app.typed_in_boxes.pop(self._kept_key(), None)  # type: ignore[attr-defined]

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
        typed = Typed.on(self)  # type: ignore[arg-type]
        texts = {field: text for field, text in typed.texts.items()
                 if text != opened_with.get(field, "") and field not in self.NOT_KEPT}
        more = typed.more if self.KEEPS_MORE else None
        held = Typed(texts=texts, more=more) if texts or more is not None else None
        if result:  # done: the next one opens empty, unless what it asked for is refused
            stack = self.app.screen_stack  # type: ignore[attr-defined]
            below = stack[-2] if len(stack) > 1 and stack[-1] is self else None
            self.answered = Answered(self.app, kept_boxes, key, held, below,  # type: ignore[attr-defined]
                                     getattr(self, "reopen_with", None) if self.REFUSAL_LINE
                                     else None)
        elif held is not None:
            kept_boxes[key] = held


@dataclass(frozen=True, eq=False)
class Answered:
    """What a box held when it closed with a result (``held``: None if
    nothing typed), kept aside until what the result asked for is done."""

    app: object
    boxes: dict  # the session's ``typed_in_boxes`` it was typed in
    key: tuple
    held: Typed | None
    below: Screen | None  # the screen it was opened over
    reopen: Callable[[Screen], object] | None  # opens it again over ``below`` (``reopens``)

    def keep(self) -> bool:
        """What it held is there at the box's next opening (what it asked for
        was refused, and said so by whoever ran it); False once the person
        logged out since (nothing kept)."""
        if self.app.typed_in_boxes is not self.boxes:  # type: ignore[attr-defined]
            return False
        if self.held is not None:
            self.boxes.setdefault(self.key, self.held)  # (typed again and kept since: that wins)
        return True

    def refused(self, error: DomainError) -> None:
        """What the answer asked for was refused (``error``): the box opens
        again with what it held and why, or keeps it for its next opening.
        On the UI thread."""
        app = self.app
        if not self.keep():
            return  # logged out since: nothing of that person's is shown
        if self.reopen is not None and self.below is not None and app.screen is self.below:  # type: ignore[attr-defined]
            self.reopen(self.below)
            opened = app.screen  # type: ignore[attr-defined]
            if opened is not self.below and isinstance(opened, KeepsTyped):
                opened.refusal = translate_error(error)
                return
        app.show_error(error)  # type: ignore[attr-defined]


def kept_for(box: S, target: Hashable) -> S:
    """``box`` (a ``KeepsTyped``) keeps what is typed in it for ``target``
    alone: the comment of a repost of one post is not another's."""
    box.kept_as = target  # type: ignore[attr-defined]
    return box
