"""Bytes from the terminal that are not UTF-8 (tui/textual_input_bytes.py).

Textual's driver read the terminal with a strict UTF-8 decoder: a paste cut
in the middle of a Russian letter ended the app, its traceback on the
terminal. The real command on a pseudo-terminal, as in test_hangup.py."""

from __future__ import annotations

import time

from tests.tui.test_hangup import terminal  # noqa: F401  (fixture)


def test_a_paste_cut_inside_a_letter_is_read_with_a_mark_and_the_app_runs_on(terminal):  # noqa: F811
    terminal.wait_for("Log in")
    cut = "Привет".encode()[:-1]  # the last letter's first byte only
    terminal.output.clear()
    terminal.write(b"\x1b[200~" + cut + b"\x1b[201~")
    terminal.wait_for("Приве\ufffd")  # in the login field, the lost byte marked
    terminal.write(b"\xff\xfeok")  # bytes no UTF-8 text has, typed
    terminal.wait_for("\ufffd\ufffdok")
    time.sleep(0.5)
    assert terminal.process.poll() is None, terminal.output[-2000:]
