"""Whom I blocked, each with a button that unblocks them (My profile → Account)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from models import blocks
from models.errors import DomainError
from models.views import UserRef

from ..formatting import plain
from ..i18n import _
from ..people_shown import People, as_now_in_place


def blocked_name(person: UserRef) -> Text:
    return plain(f"{person.full_name}  @{person.login}")


class BlockedPeople(Vertical):
    """Reads the list in a worker when mounted; ``Unblock`` takes one person off."""

    DEFAULT_CSS = """
    BlockedPeople { height: auto; }
    BlockedPeople .blocked-row { height: auto; }
    /* level with the button, which the form's style puts one line down */
    BlockedPeople .blocked-name { width: 1fr; padding-top: 1; }
    BlockedPeople #blocked-empty { color: $text-muted; }
    """

    class Unblocked(Message):
        """A person was unblocked from this list."""

        def __init__(self, person: UserRef) -> None:
            super().__init__()
            self.person = person

    def __init__(self, user_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.user_id = user_id
        self.people: list[UserRef] | None = None  # None until read

    def compose(self) -> ComposeResult:
        yield Static(_("Loading…"), id="blocked-empty", markup=False)

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="blocked-people")
    def reload(self) -> None:
        try:
            people = blocks.list_blocked(self.user_id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            return
        self.app.call_from_thread(self._show, people)

    async def _show(self, people: list[UserRef]) -> None:
        self.people = people
        await self.remove_children(".blocked-row")
        empty = self.query_one("#blocked-empty", Static)
        empty.update(_("You have blocked nobody."))
        empty.display = not people
        rows = []
        for person in people:
            row = Horizontal(
                Static(blocked_name(person), classes="blocked-name", id=f"blocked-{person.id}"),
                Button(_("Unblock"), id=f"unblock-{person.id}", compact=True),
                classes="blocked-row",
            )
            rows.append(row)
        await self.mount_all(rows)

    def show_people(self, people: People) -> None:
        """Someone listed took a new name or login: their row says it, in place."""
        listed = self.people or []
        for index in as_now_in_place(listed, people):
            person = listed[index]
            for name in self.query(f"#blocked-{person.id}").results(Static):
                name.update(blocked_name(person))

    @on(Button.Pressed, ".blocked-row Button")
    def _unblock_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        person_id = int((event.button.id or "").removeprefix("unblock-"))
        person = next(p for p in self.people or [] if p.id == person_id)
        event.button.disabled = True
        self._unblock(person)

    @work(thread=True, group="unblock")
    def _unblock(self, person: UserRef) -> None:
        try:
            blocks.unblock(self.user_id, person.id)
        except DomainError as exc:
            self.app.call_from_thread(self.app.show_error, exc)
            self.app.call_from_thread(self.reload)
            return
        self.app.call_from_thread(self.post_message, self.Unblocked(person))
        self.app.call_from_thread(self.reload)
