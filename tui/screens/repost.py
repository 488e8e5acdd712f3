"""Repost: share a post to my wall or to one of my communities, with an
optional comment (``s`` on a post card)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from models import communities, reposts
from models.errors import DomainError
from models.text import clean_line
from models.views import PostView

from ..carry_over import Reopens
from ..formatting import plain
from ..i18n import _, translate_error
from ..kept_typing import KeepsTyped
from ..widgets.text_input import TextInput
from .modal_box import ModalBox

MY_WALL = 0  # the Select's value for "my wall" (community ids start at 1)


class RepostScreen(KeepsTyped, Reopens, ModalBox[PostView | None]):
    """Dismisses with the repost made, or ``None`` when cancelled; a failure
    keeps the comment typed, a cancel too, for a repost of the same post
    (``KeepsTyped``), and a new language the comment and the place chosen
    (``Reopens``)."""

    _where_back: object = None  # the place chosen before a new language, once the places come

    DEFAULT_CSS = """
    RepostScreen { align: center middle; }
    RepostScreen > Vertical {
        width: 64;
        max-width: 95%;
        height: auto;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    RepostScreen #repost-of { color: $text-muted; height: auto; max-height: 3; }
    RepostScreen #repost-error { color: $error; height: auto; }
    RepostScreen Horizontal { height: auto; align-horizontal: right; }
    RepostScreen Button { margin-left: 2; }
    """

    BINDINGS = [
        Binding("ctrl+s", "share", "Share", id="repost.share"),
        Binding("escape", "cancel", "Cancel", id="repost.cancel"),
    ]

    def __init__(self, post: PostView) -> None:
        super().__init__()
        self.post = post
        self.kept_as = post.id

    def compose(self) -> ComposeResult:
        shared = self.post.original if self.post.is_repost and self.post.original else self.post
        with Vertical():
            yield Static(_("Repost"), classes="form-title", markup=False)
            yield Static(
                f"{clean_line(shared.author.full_name)}: {clean_line(shared.text)[:120]}",
                id="repost-of", markup=False,
            )
            yield Select([(_("My wall"), MY_WALL)], value=MY_WALL, allow_blank=False,
                         id="repost-where")
            yield TextInput(placeholder=_("Your comment (optional)"), id="repost-text")
            yield Static("", id="repost-error", markup=False)
            with Horizontal():
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Share (Ctrl+S)"), id="share", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        me = self.app.current_user
        if me is not None:
            self._load_communities(me.id)

    @work(thread=True, exclusive=True, group="repost-where")
    def _load_communities(self, user_id: int) -> None:
        try:
            mine = communities.my_communities(user_id)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        options = [(_("My wall"), MY_WALL)] + [(plain(clean_line(c.name)), c.id) for c in mine]
        self.app.call_from_thread(self._show_places, options)

    def _show_places(self, options: list[tuple[str, object]]) -> None:
        where = self.query_one(Select)
        where.set_options(options)
        if self._where_back is not None and any(value == self._where_back for _l, value in options):
            where.value, self._where_back = self._where_back, None

    def more_typed(self) -> object:
        value = self.query_one(Select).value
        return None if value in (MY_WALL, Select.BLANK) else value

    def put_more_typed(self, where: object) -> None:
        self._where_back = where

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#share")
    def action_share(self) -> None:
        me = self.app.current_user
        if me is None:
            return
        where = self.query_one(Select).value
        community = None if where in (MY_WALL, Select.BLANK) else where
        self.query_one("#share", Button).disabled = True
        self._share(me.id, self.query_one(Input).value, community)

    @work(thread=True, exclusive=True, group="repost")
    def _share(self, user_id: int, text: str, community_id: int | None) -> None:
        try:
            post = reposts.repost(user_id, self.post.id, text, community_id)
        except DomainError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.dismiss, post)

    def _failed(self, exc: DomainError) -> None:
        self.query_one("#share", Button).disabled = False
        self.query_one("#repost-error", Static).update(translate_error(exc))
