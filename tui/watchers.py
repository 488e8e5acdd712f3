"""Reactive watchers that outlive their widget.

``widget.watch(obj, name, callback)`` (and ``data_bind``, which uses it) adds
``(widget, callback)`` to a list on ``obj``. Textual drops a closed widget's
entry only when ``obj.name`` next changes, so a widget that watches something
long-lived — the app's ``player_state`` or ``current_user``, a footer's
``compact`` — is kept, with every child and cached line it holds, for as long
as that value stays put: each profile or picture viewer opened and closed
left its mini-player, header and footer keys behind (issue 17).

Textual 8 keeps the lists in the object's ``__watchers`` attribute (its
``reactive._watch``); there is no public way to remove an entry.
"""

from __future__ import annotations

WATCHERS = "__watchers"  # textual.reactive._watch's attribute


def watcher_nodes(obj) -> list:
    """The nodes watching any reactive of ``obj`` (one per entry)."""
    return [node for entries in getattr(obj, WATCHERS, {}).values() for node, _ in entries]


def forget_watchers(obj, node=None) -> int:
    """Drop ``obj``'s watcher entries of ``node`` and of every closed (or
    closing) node; the number dropped."""
    dropped = 0
    for entries in getattr(obj, WATCHERS, {}).values():
        kept = [(watcher, callback) for watcher, callback in entries
                if watcher is not node and not (watcher._closing or watcher._closed)]
        dropped += len(entries) - len(kept)
        entries[:] = kept
    return dropped
