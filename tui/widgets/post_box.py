"""The inline post boxes (My profile, a community's page) attach pictures and
tracks as the modal composer does: ctrl+o pictures, ctrl+l a track, shown as
chips (``AttachmentChips``) until the post is published.

The keys are the box's own bindings, so they attach while one writes and leave
the screen's ctrl+o / ctrl+l (Log out, Edit, Leave) to work elsewhere on it.
The attach actions are never disabled: a disabled binding of the focused box
would let Textual fall through to the screen's binding of the same key, and a
key pressed to attach must never log out or leave a community.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import TextArea

from models.drafts import MAX_DRAFT_LENGTH

from ..i18n import _
from ..keys import LocalisedBindings
from .attachment_chips import AttachmentChips
from .composer import Composer
from .text_limit import HoldsAtMost

ATTACH_BINDINGS = [
    Binding("ctrl+o", "attach_pictures", "Attach pictures", id="post_box.attach_pictures"),
    Binding("ctrl+l", "attach_track", "Attach a track", id="post_box.attach_track"),
]


def nothing_to_publish(text: str, chips: AttachmentChips) -> str | None:
    """Why a post of ``text`` and these chips cannot go (``None`` when it can):
    attachments alone make a post, an empty box does not."""
    if text.strip() or chips.items:
        return None
    return _("Write something first.")


def take_out_published_chips(chips: AttachmentChips, published: tuple) -> None:
    """Take the chips that went with a post off the bar; chips added while it
    was on its way stay (as ``take_out_published`` keeps text typed meanwhile)."""
    count = len(published)
    if chips.items[:count] == published:
        chips.set_entries(chips.entries[count:])


class AttachesToPost:
    """The attach actions of a post box; ``chips_id`` names the screen's chips
    bar, ``report`` (optional) shows a refusal beside the box as well."""

    chips_id = ""
    report: Callable[[str], object] | None = None

    @property
    def chips(self) -> AttachmentChips:
        return self.screen.query_one(f"#{self.chips_id}", AttachmentChips)  # type: ignore[attr-defined]

    def action_attach_pictures(self) -> None:
        from ..picture_attach import attach_pictures

        attach_pictures(self.screen, self.chips, self.report)  # type: ignore[attr-defined]

    def action_attach_track(self) -> None:
        from ..track_attach import attach_track

        attach_track(self.screen, self.chips, self.report)  # type: ignore[attr-defined]


class PostText(HoldsAtMost, TextArea):
    """New post's text: as much as its draft can keep (``tui/post_drafts.py``)."""

    max_length = MAX_DRAFT_LENGTH


class PostBox(AttachesToPost, HoldsAtMost, LocalisedBindings, TextArea):
    """My profile's box: Enter is a new line, ctrl+s (the screen's) publishes."""

    BINDINGS = ATTACH_BINDINGS
    max_length = MAX_DRAFT_LENGTH  # what its draft can keep

    def __init__(self, *, chips_id: str, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True)
        self.chips_id = chips_id


class PostComposer(AttachesToPost, Composer):
    """A community's box: a ``Composer`` (Enter publishes) that attaches too."""

    BINDINGS = ATTACH_BINDINGS
    max_length = MAX_DRAFT_LENGTH  # what its draft can keep

    def __init__(self, *, chips_id: str, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.chips_id = chips_id
