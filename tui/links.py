"""Links in messages and posts: found in the text, opened only after a yes.

Only ``http`` and ``https`` addresses count (never ``javascript:``, ``file:`` or
``data:``). Opening asks first and shows the whole address, as typed by someone
else: what a link says and where it goes cannot differ here, but a long address
can hide a look-alike host at its end, so nothing is shortened.

In a browser tab (``messenger serve``) the address opens in a new tab of the
visitor's browser (Textual's ``open_url`` goes through the page). In a terminal
the app may run on another machine (SSH): it opens a browser only on a local
desktop, and otherwise shows the addresses to copy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from .i18n import _

_LINK = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?»”’"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
MAX_LINK = 2000


def _up_to_unopened_closer(link: str) -> str:
    """``link`` up to its first ``)``, ``]`` or ``}`` that nothing in it opened:
    what encloses the address ("(see https://x.org/a)", "[link=https://x.org]
    click[/link]", a Markdown "[text](https://x.org)"), not part of it; a
    Wikipedia "…/Lisp_(language)" or an IPv6 host "http://[::1]:8000/" keeps
    its pairs."""
    open_count = dict.fromkeys(_CLOSERS.values(), 0)
    for index, char in enumerate(link):
        if char in open_count:
            open_count[char] += 1
        elif char in _CLOSERS:
            if not open_count[_CLOSERS[char]]:
                return link[:index]
            open_count[_CLOSERS[char]] -= 1
    return link


def links_in(text: str) -> list[str]:
    """The web addresses in ``text``, in order, without sentence punctuation
    after them or the brackets around them."""
    found: list[str] = []
    for match in _LINK.finditer(text):
        link = _up_to_unopened_closer(match.group(0))
        while link and link[-1] in _TRAILING:
            link = link[:-1]
        if len(link) > len("https://") and len(link) <= MAX_LINK and link not in found:
            found.append(link)
    return found


def _can_open_here(app) -> bool:
    if getattr(app, "web_session", None) is not None or app.is_web:
        return True
    local_desktop = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    return bool(local_desktop) and not os.environ.get("SSH_CONNECTION")


def offer_links(app, text: str) -> None:
    """Ask, link by link, whether to open the links in ``text``."""
    links = links_in(text)
    if not links:
        app.notify(_("No link here."), markup=False)
        return
    if not _can_open_here(app):
        app.notify(_("Copy the address into your browser:") + "\n" + "\n".join(links),
                   markup=False, timeout=30)
        return
    _ask(app, links, 0)


def _ask(app, links: Sequence[str], index: int) -> None:
    from .screens.confirm import ConfirmScreen

    if index >= len(links):
        return
    question = _("Open this address in a new browser tab?")
    if len(links) > 1:
        question = _("Link {n} of {total}.").format(n=index + 1, total=len(links)) + " " + question

    def answered(yes: bool | None) -> None:
        if yes:
            app.open_url(links[index], new_tab=True)
        _ask(app, links, index + 1)

    app.push_screen(ConfirmScreen(question + "\n\n" + links[index], confirm_label=_("Open")),
                    answered)
