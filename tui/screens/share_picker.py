"""Where to share: my wall, my dialogs and groups (as the dialog list orders
them), my communities — searchable (``models.share_targets``)."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text

from models import share_targets, text
from models.share_targets import COMMUNITY, DIALOG, GROUP, WALL, ShareTarget

from ..formatting import plain
from ..i18n import _
from ..people_shown import People
from .search_picker import SearchPickerScreen


class SharePickerScreen(SearchPickerScreen[ShareTarget]):
    """Dismisses with the chosen ``ShareTarget``, or ``None``."""

    def __init__(self, what: str) -> None:
        # Text(…) never parses markup: the shared title shows as it is
        super().__init__(Text(_("Share “{what}” to…").format(what=text.clean_line(what)), end=""))
        self.me_id: int = self.app.current_user.id

    def placeholder(self) -> str:
        return _("Search dialogs, groups and communities")

    def find(self, query: str) -> list[ShareTarget]:
        found = share_targets.share_targets(self.me_id, query)
        wanted = text.search_key(query)
        if wanted and wanted in text.search_key(_("My wall")):
            found.insert(0, ShareTarget(WALL, ""))
        return found

    def as_now(self, target: ShareTarget, people: People) -> ShareTarget:
        """A dialog's person under their name and login as they are now."""
        person = people.get(target.peer_id) if target.kind == DIALOG else None
        if person is None:
            return target
        return replace(target, name=person.full_name, login=person.login)

    def prompt(self, target: ShareTarget) -> Text:
        line = Text(end="", no_wrap=True, overflow="ellipsis")
        if target.kind == WALL:
            line.append(_("My wall"), style="bold")
            line.append("  " + _("a post"), style="dim")
        elif target.kind == DIALOG:
            line.append_text(plain(target.name, "bold"))
            line.append_text(plain(f"  @{target.login}", "dim"))
            if target.peer_id == self.me_id:
                line.append("  " + _("(saved notes)"), style="dim italic")
        elif target.kind == GROUP:
            line.append_text(plain(target.name, "bold"))
            line.append("  " + _("group"), style="dim")
        elif target.kind == COMMUNITY:
            line.append_text(plain(target.name, "bold"))
            line.append("  " + _("a post in the community"), style="dim")
        return line
