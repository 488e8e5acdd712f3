"""Where I can share something (a track): my wall, my dialogs and groups, my
communities.

Dialogs and groups come in the order of my dialog list (newest message first);
groups I left or was removed from are not places I can write to, so they are
left out. ``query`` keeps the targets whose name (or a person's login) holds
it, in any case and with or without accents, as every search here folds.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import communities, text
from .db import reads
from .dialog_list import MAX_PAGE, dialog_list

WALL = "wall"
COMMUNITY = "community"
DIALOG = "dialog"  # a one-to-one dialog (or my saved notes)
GROUP = "group"


@dataclass(frozen=True, slots=True)
class ShareTarget:
    """One place to share to. ``kind`` says which id is set: a dialog has
    ``peer_id`` (and ``dialog_id`` once it has started), a group ``dialog_id``,
    a community ``community_id``, my wall none."""

    kind: str
    name: str  # the person's full name, the group's title, the community's name; "" for my wall
    login: str = ""  # a dialog's person
    dialog_id: int | None = None
    peer_id: int | None = None
    community_id: int | None = None

    @property
    def is_post(self) -> bool:
        """Shared as a post (my wall, a community), not as a message."""
        return self.kind in (WALL, COMMUNITY)


def _key(target: ShareTarget) -> str:
    return text.search_key(f"{target.name} {target.login}")


@reads
def share_targets(user_id: int, query: str = "") -> list[ShareTarget]:
    """My wall, then my dialogs and groups as my dialog list orders them (the
    first 500), then my communities by name; only those ``query`` finds."""
    found: list[ShareTarget] = [ShareTarget(WALL, "")]
    for summary in dialog_list(user_id, limit=MAX_PAGE).items:
        if summary.kind == "group":
            if not summary.read_only:
                found.append(ShareTarget(GROUP, summary.title or "", dialog_id=summary.dialog_id))
        elif summary.peer is not None:
            found.append(ShareTarget(DIALOG, summary.peer.full_name, summary.peer.login,
                                     dialog_id=summary.dialog_id, peer_id=summary.peer.id))
    found += [ShareTarget(COMMUNITY, c.name, community_id=c.id)
              for c in communities.my_communities(user_id)]
    wanted = text.search_key(query or "")
    if not wanted:
        return found
    return [t for t in found if t.kind != WALL and wanted in _key(t)]
