"""A bracketed paste reaches the app whole, as one paste, and never as keys.

Textual 8.2.8's ``XTermParser`` reads an ESC inside a bracketed paste as the
start of a key's sequence: it takes up to 32 characters after it (or up to the
next ESC) out of the paste and sends them as key presses, with the ESC as
"^". So a paste of coloured terminal output or of a web page's text holding
``ESC [31m`` or ``ESC ]0;title BEL`` was typed partly as keys and partly
pasted: the keys came first and the rest of the paste after them (the text
out of order), a BEL in it was Ctrl+G (Dialogs jumped to the next unread chat,
and the rest of the paste went into that chat's composer), a CR was Enter (a
message sent half pasted).

Here each parser's input is looked at before it parses it. Between the
paste's start and end marks every ESC but the end mark's is taken out (the
parser then keeps the paste whole; the ESC was a control that
``tui/clean_paste.py`` takes out of every paste anyway, and what followed it
stays as text). An end mark split between two reads of the terminal is held
back until its next read, so it is read whole. Input outside a paste is
passed on as it came: an Esc key is never held back.
**Upstream-worthy:** the parser could keep any ESC in a paste as text.
"""

from __future__ import annotations

from textual._xterm_parser import XTermParser

START = "\x1b[200~"  # the terminal's bracketed paste marks
END = "\x1b[201~"
TAKEN_OUT = "\x00"  # the parser drops NUL from a paste (Textual issue 1661)


class PasteGuard:
    """What one parser is fed, with the ESCs inside a paste taken out."""

    def __init__(self) -> None:
        self.pasting = False
        self._held = ""  # the start of a possible end mark, at the end of a read
        self._tail = ""  # the last characters read outside a paste (a start mark's start)

    def filter(self, data: str) -> str:
        if not data:  # the end of input: passed on as it is
            return data
        data, self._held = self._held + data, ""
        out: list[str] = []
        at, size = 0, len(data)
        while at < size:
            if not self.pasting:
                seen = self._tail + data[at:]
                found = seen.find(START)
                if found < 0:
                    out.append(data[at:])
                    self._tail = seen[-(len(START) - 1):]
                    break
                after = at + found + len(START) - len(self._tail)
                out.append(data[at:after])
                at, self._tail, self.pasting = after, "", True
                continue
            escape = data.find("\x1b", at)
            if escape < 0:
                out.append(data[at:])
                break
            out.append(data[at:escape])
            if data.startswith(END, escape):
                out.append(END)
                at, self.pasting = escape + len(END), False
            elif END.startswith(data[escape:]):  # maybe the end mark, cut by the read
                self._held = data[escape:]
                break
            else:
                out.append(TAKEN_OUT)
                at = escape + 1
        return "".join(out)


_original_feed = XTermParser.feed


def _feed(self: XTermParser, data: str):  # type: ignore[no-untyped-def]
    guard = self.__dict__.get("_paste_guard")
    if guard is None:
        guard = self.__dict__["_paste_guard"] = PasteGuard()
    passed = guard.filter(data)
    if data and not passed:  # all held back: an empty feed would mean the end of input
        return iter(())
    return _original_feed(self, passed)


def install() -> None:
    if XTermParser.feed is not _feed:
        XTermParser.feed = _feed  # type: ignore[method-assign]
