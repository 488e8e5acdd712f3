"""The search index's upkeep: a step of merging leaves fewer FTS5 segments
(each query looks its words up in every one) and finds exactly what it found
before; on PostgreSQL it does nothing and fails nothing."""

from __future__ import annotations

from models import messages, search
from models.db import is_sqlite
from models.search_upkeep import tidy_search_index


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for _ in range(9):
        byte = data[at]
        at += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return value, at


def segments(db, index: str = "message_search") -> int:
    """How many segments the FTS5 index has (its structure record, id 10:
    a 4-byte cookie, then the number of levels and of segments as varints)."""
    block = db.execute_sql(f"SELECT block FROM {index}_data WHERE id = 10").fetchone()[0]
    _levels, at = _varint(block, 4)
    return _varint(block, at)[0]


def test_a_tidy_step_merges_segments_and_finds_the_same(db, make_user, frozen_clock):
    anna, boris = make_user("anna").id, make_user("boris").id
    for i in range(40):  # each send its own transaction: its own small segment
        messages.send_message(anna, boris, f"кофе и дождь {i}", messages.new_client_id())
    before = [hit.message_id for hit in search.search_messages(anna, "кофе дождь", limit=50).items]
    assert len(before) == 40
    if not is_sqlite():
        tidy_search_index()  # nothing to do there
    else:
        many = segments(db)
        for _ in range(20):
            tidy_search_index()
        assert segments(db) < many
        assert segments(db) <= 2
    after = [hit.message_id for hit in search.search_messages(anna, "кофе дождь", limit=50).items]
    assert after == before
