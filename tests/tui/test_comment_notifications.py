"""A comment on my post reaches me as a message does: in a real terminal (a
pty), Olga's comment on Анна's post gives one bell and an OSC 9 desktop
notification naming her and the comment; Анна's own comment on it gives none."""

from __future__ import annotations

from models import comments, posts
from tests.tui.test_notifications_terminal import (  # noqa: F401 - the fixture
    OSC9,
    arrived,
    bells,
    child_env,
    community,
    log_in,
    mark,
    start,
)


def test_a_comment_on_my_post_rings_and_notifies_but_not_my_own(community, tmp_path):  # noqa: F811
    url, people = community
    anna = people["anna"]
    post = posts.create_post(anna, "Мой пост")
    terminal = start(url, child_env(tmp_path))
    try:
        log_in(terminal)
        terminal.read(1.0)
        mark(terminal)
        comments.add_comment(anna, post.id, "my own note")
        comments.add_comment(people["olga"], post.id, "nice \x1b]0;x\x07post")
        out = arrived(terminal, b"1 new comment")
        assert out.count(b"\x1b]9;Comment on your post: Olga Smirnova: nice ]0;xpost\x1b\\") == 1
        assert out.count(OSC9) == 1 and bells(out) == 1
        assert b"my own note" not in out
        terminal.send(b"\x11")
    finally:
        code = terminal.finish()
    assert code == 0
    assert b"Traceback" not in terminal.output
