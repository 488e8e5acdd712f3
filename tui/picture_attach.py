"""Attaching pictures from a composer (the chat's and the post's): ctrl+o opens
the file picker for several files, a thread worker prepares them
(``models.images.prepare_image``: read, checked, shrunk, stripped — never on
the UI thread), the good ones become chips and every refused one is named with
its reason. Nothing is stored until the message or post is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.screen import Screen

from models.attachments import MAX_ATTACHMENTS
from models.errors import DomainError
from models.images import PreparedImage, prepare_image
from models.user_files import shown_path

from .carry_over import reopens
from .i18n import _, translate_error
from .web_session import files_refusal, path_refusal, picker_start
from .widgets.attachment_chips import AttachmentChips, chip_label


def prepare_pictures(app, paths: list[str]) -> tuple[list[tuple[PreparedImage, str]],
                                                     list[tuple[str, str]]]:
    """(chips of the good pictures, (name, reason) of each refused file). Slow:
    call it from a worker thread."""
    good, refused = [], []
    for path in paths:
        name = shown_path(Path(path).name)
        if refusal := path_refusal(app, path):
            refused.append((name, refusal))
            continue
        try:
            prepared = prepare_image(path)
        except DomainError as exc:
            refused.append((name, translate_error(exc)))
            continue
        good.append((prepared, chip_label(prepared.name)))
    return good, refused


def fitting(chips: AttachmentChips, good: list[tuple[PreparedImage, str]]
            ) -> tuple[list[tuple[PreparedImage, str]], list[tuple[str, str]]]:
    """(the chips that go on ``chips``, (name, reason) of each left out): a
    picture already there (the same bytes, whatever its file's name) is not
    attached twice, and none past the room left (taken meanwhile, e.g. by a track)."""
    there = {item.sha256 for item in chips.items if isinstance(item, PreparedImage)}
    kept, left_out = [], []
    for prepared, label in good:
        name = shown_path(prepared.name)
        if prepared.sha256 in there:
            left_out.append((name, _("This picture is attached already.")))
        elif len(kept) >= chips.room:
            left_out.append((name, _("At most {n} pictures fit in one message or post.").format(
                n=MAX_ATTACHMENTS)))
        else:
            kept.append((prepared, label))
            there.add(prepared.sha256)
    return kept, left_out


def refusal_text(refused: list[tuple[str, str]]) -> str:
    """One line per refused file: "name: reason"."""
    return "\n".join(f"{name}: {reason}" for name, reason in refused)


def attach_pictures(screen: Screen, chips: AttachmentChips, on_refused=None) -> None:
    """Open the picker for the room left on ``chips``; the chosen files are
    prepared in a worker and added. ``on_refused(text)`` also gets the reasons
    (the app shows them in a notification in any case)."""
    app = screen.app
    if refusal := files_refusal(app):
        app.notify(refusal, severity="warning", markup=False)
        return
    if chips.room <= 0:
        app.notify(_("At most {n} pictures fit in one message or post.").format(n=len(
            chips.entries)), severity="warning", markup=False)
        return
    from .screens.file_picker import FilePickerScreen

    def prepare(paths: list[str]) -> None:
        good, refused = prepare_pictures(app, paths)
        app.call_from_thread(show, good, refused)

    def show(good, refused) -> None:
        if good and not chips.is_attached:
            # the composer was closed (Esc, or sent) while they were being read
            refused = refused + [(shown_path(prepared.name), _(
                "Ready only after the composer closed; attach it again.")) for prepared, _l in good]
            good = []
        kept, left_out = fitting(chips, good)
        if kept:
            chips.add(kept)
        refused = refused + left_out
        if refused:
            if picker.answered is not None:
                picker.answered.keep()  # the path typed in it is back at its next opening
            text = refusal_text(refused)
            app.notify(text, title=_("Not attached"), severity="error", markup=False)
            if on_refused is not None:
                on_refused(text)

    def picked(paths) -> None:
        if paths:
            screen.run_worker(lambda: prepare(list(paths)), thread=True,
                              group="attach-pictures", description="prepare pictures")

    picker = FilePickerScreen(picker_start(app, None), multiple=True, limit=chips.room)
    app.push_screen(reopens(picker, attach_again("action_attach_pictures", chips.id)), picked)


def attach_again(action: str, chips_id: str | None) -> Callable[[Screen], None]:
    """How a new language opens a picker of attachments again (``reopens``):
    ``action`` of the post box whose chips are ``chips_id`` on the new screen
    (My profile's, a community page's), else of the screen itself (the chat,
    the New post composer), so what is picked lands on its chips."""
    return partial(_attach_again, action, chips_id)


def _attach_again(action: str, chips_id: str | None, screen: Screen) -> None:
    boxes = [node for node in screen.walk_children()
             if chips_id is not None and getattr(node, "chips_id", None) == chips_id]
    getattr(boxes[0] if boxes else screen, action)()
