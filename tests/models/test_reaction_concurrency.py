"""Reactions from several processes at once, on SQLite and on PostgreSQL: every
person ends with exactly the reaction they chose last, one row each, and the
counts every page shows agree with the rows. The processes run
tests/models/concurrency_worker.py (``react``)."""

from __future__ import annotations

from collections import Counter

import pytest
from test_concurrency import run_together

from models import dialogs, messages, posts
from models.reactions import REACTIONS
from models.schema import Reaction

pytestmark = pytest.mark.slow

PEOPLE = 4
MESSAGES = 15
POSTS = 3


def test_several_people_reacting_at_once_leave_counts_that_add_up(db, db_url, make_user_factory):
    """Four people at once react to three posts (and the two in a dialog to its
    fifteen messages), changing their minds on the way: each ends with exactly
    the reaction they chose last, and every count is the number of people."""
    people = [make_user_factory(f"reactor{i}") for i in range(PEOPLE)]
    sent = [messages.send_message(people[0], people[1], f"m{i}", f"m-{i}").id
            for i in range(MESSAGES)]
    post_ids = [posts.create_post(people[0], f"post {i}").id for i in range(POSTS)]
    tasks = {
        f"reactor{i}": ("react", person, sent if i < 2 else [], post_ids, i)
        for i, person in enumerate(people)
    }
    run_together(db_url, tasks)

    def final(index: int, position: int) -> str:
        return REACTIONS[(index + position) % len(REACTIONS)]

    for position, message_id in enumerate(sent):
        expected = Counter(final(i, position) for i in range(2))
        [view] = dialogs.messages_by_id(people[0], [message_id])
        assert {c.emoji: c.count for c in view.reactions} == expected
    offset = MESSAGES
    for n, post_id in enumerate(post_ids):
        expected = Counter(final(i, (offset if i < 2 else 0) + n) for i in range(PEOPLE))
        [view] = posts.posts_by_id(people[3], [post_id])
        assert {c.emoji: c.count for c in view.reactions} == expected
        mine = final(3, n)
        assert [c.emoji for c in view.reactions if c.mine] == [mine]
    assert Reaction.select().count() == 2 * MESSAGES + PEOPLE * POSTS
