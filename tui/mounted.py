"""A worker's answer that comes before the widgets it fills are mounted.

A section built out of sight reads its lists in a worker from ``on_mount``;
on a loaded host the answer came before ``TabbedContent`` had mounted its
panes' children, and the ``query_one`` for a list ended the app with
``NoMatches`` (a `.ci/run` beside two memory runs). ``not_mounted_yet`` says
so and shows the answer again a moment later.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode

AGAIN_AFTER = 0.05  # seconds


def not_mounted_yet(node: DOMNode, selector: str, again: Callable[[], object]) -> bool:
    """True when nothing matches ``selector`` under ``node`` yet; ``again`` then
    runs in ``AGAIN_AFTER`` seconds while ``node`` is still in the app."""
    if node.query(selector):
        return False
    if node.is_attached:
        node.set_timer(AGAIN_AFTER, again)
    return True
