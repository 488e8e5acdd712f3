"""A worker's answer for a screen or widget that has left the app is dropped.

Workers read in threads and hand their answer back with
``app.call_from_thread(node.method, …)``. When ``node`` left meanwhile (its
screen was closed, or the whole app is closing), the answer has nothing left to
fill: run anyway, its ``query_one`` in a half-removed screen raised
``NoMatches`` and ended the app. A `.ci/run` met it: the Dialogs screen's
drafts were read back while the app was shutting down.

``WorkerAnswersMixin`` drops such an answer, for every ``call_from_thread`` of
the app at once. An answer bound to the app itself is dropped only once the
app stopped running. Callbacks that are not bound methods of a node (closures)
check for themselves (e.g. ``tui/picture_attach.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode


def has_left(node: DOMNode) -> bool:
    """True when ``node`` is closed, being removed, or no longer in the app."""
    app = node.app
    if not app.is_running:
        return True
    if node is app:
        return False
    # the same three flags Textual's own ``display`` reads for a node on its way out
    return node._closing or node._closed or node._pruning or not node.is_attached


class WorkerAnswersMixin:
    """For ``MessengerApp``: ``call_from_thread`` skips an answer whose node has left."""

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        node = getattr(callback, "__self__", None)
        if not isinstance(node, DOMNode):
            return super().call_from_thread(callback, *args, **kwargs)  # type: ignore[misc]

        def unless_left() -> Any:
            if has_left(node):
                return None
            return callback(*args, **kwargs)

        return super().call_from_thread(unless_left)  # type: ignore[misc]
