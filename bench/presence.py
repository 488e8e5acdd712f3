"""Presence and typing at community scale (issue 15's performance rows).

``send_typing_presence``: a send while the sender types (their typing row is
there, so the send's own transaction deletes it) and their presence heartbeat
runs, beside today's send — the same ``send_message`` with no typing row and
the typing delete left out. Target: p95 ≤ today's p95 + 0.5 ms.

``poll_typing_100``: one live-poll tick of person 1 that reads (as after any
commit elsewhere) while 100 people type in one of their dialogs — a dialog
of 101 members made by hand, as a group will be — beside the same tick with
nobody typing, the two alternating. Every one of the 100 moves their
``until`` before every tick (the worst case: in use each writes once per 3 s,
so about 5 of 100 rows change between two ticks). Target: what the typing adds
to a tick ≤ 2 ms — judged on the p95 of the paired differences (each tick with
the typing minus the tick without it just after), in CPU time; the wall-time
differences and both whole ticks are printed beside it.

Both rows also record CPU time, which a machine shared with other work
inflates far less than wall time (on a busy machine a wall time also holds the
waits for a core).

The setup before each timed call (typing again, a heartbeat now and then) is
not timed. Everything written is taken away again at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from .timing import WARM_UP, summary

TYPISTS = 100


def _timed(func: Callable[[], object], cpu: list[float] | None = None) -> float:
    """Wall milliseconds of one call; its CPU milliseconds go to ``cpu`` (on a
    shared machine the CPU time shows the cost without the waits for a core)."""
    start, start_cpu = time.perf_counter_ns(), time.process_time_ns()
    func()
    if cpu is not None:
        cpu.append((time.process_time_ns() - start_cpu) / 1e6)
    return (time.perf_counter_ns() - start) / 1e6


def _row(name: str, label: str, target: str, app: list[float], floor: list[float],
         met: Callable[[float, float], bool], cpu: tuple[list[float], list[float]]) -> dict:
    a, f = summary(app), summary(floor)
    return {
        "cpu": {"app": summary(cpu[0]), "floor": summary(cpu[1])},
        "name": name, "label": label, "target": target, "app": a, "floor": f,
        "ratio_p95": round(a["p95_ms"] / f["p95_ms"], 2) if f["p95_ms"] else None,
        "met": bool(met(a["p95_ms"], f["p95_ms"])), "rows": {"app": None, "floor": None},
    }


def send_with_typing(me: int, peer: int, runs: int) -> dict:
    """Today's send vs a send while typing and present, alternating."""
    from models import clock, dialogs, messages, presence, typing_signal

    dialog = dialogs.open_dialog(me, peer).dialog_id
    real_stop = typing_signal.stop_typing

    def send():
        messages.send_message(me, peer, "бенчмарк: привет", messages.new_client_id())

    def today():
        typing_signal.stop_typing = lambda user_id, dialog_id: None  # as before issue 15
        try:
            send()
        finally:
            typing_signal.stop_typing = real_stop

    new, old, cpu_new, cpu_old = [], [], [], []
    for i in range(WARM_UP + runs):
        if i == WARM_UP:
            cpu_new.clear()
            cpu_old.clear()
        if i % 30 == 0:
            presence.heartbeat(me)  # what the app's poll thread does every 30 s
        typing_signal.set_typing(me, dialog, clock.now() + timedelta(seconds=5))
        with_typing = _timed(send, cpu_new)
        without = _timed(today, cpu_old)
        if i >= WARM_UP:
            new.append(with_typing)
            old.append(without)
    presence.go_offline(me)
    return _row("send_typing_presence", "send while typing + presence active",
                "p95 ≤ today's + 0.5 ms", new, old, lambda app, fl: app <= fl + 0.5,
                (cpu_new, cpu_old))


def poll_with_typists(me: int, peer: int, runs: int) -> dict:
    """A reading poll tick with 100 people typing in one dialog vs with none."""
    from models import activity, clock, dialogs, typing_signal
    from models.db import database
    from models.schema import DialogMember, Typing, User

    dialog = dialogs.open_dialog(me, peer).dialog_id
    talking = DialogMember.select(DialogMember.user).where(DialogMember.peer == me)
    crowd = [uid for (uid,) in User.select(User.id)
             .where(User.id.not_in([me, peer]) & User.id.not_in(talking))
             .order_by(User.id).limit(TYPISTS - 1).tuples()] + [peer]
    with database.obj.atomic():  # members of person 1's dialog, as in a group
        added = [DialogMember.create(dialog=dialog, user=uid, peer=me).id for uid in crowd[:-1]]
    poller = activity.LivePoller(me)
    poller.poll()  # the first poll learns where things end

    def tick():
        poller._seen = None  # as after a commit by another connection
        poller.poll()

    crowded, empty, cpu_crowded, cpu_empty = [], [], [], []
    try:
        for i in range(WARM_UP + runs):
            if i == WARM_UP:
                crowded.clear()
                empty.clear()
                cpu_crowded.clear()
                cpu_empty.clear()
            until = clock.now() + timedelta(hours=1)
            for uid in crowd:  # every row changed since the last tick
                typing_signal.set_typing(uid, dialog, until)
            crowded.append(_timed(tick, cpu_crowded))
            Typing.delete().where(Typing.dialog == dialog).execute()
            empty.append(_timed(tick, cpu_empty))
    finally:
        Typing.delete().where(Typing.dialog == dialog).execute()
        DialogMember.delete().where(DialogMember.id.in_(added)).execute()
    added_cpu = [a - b for a, b in zip(cpu_crowded, cpu_empty, strict=True)]
    added_wall = [a - b for a, b in zip(crowded, empty, strict=True)]
    row = _row("poll_typing_100", f"poll tick, {TYPISTS} typing in one dialog",
               "added CPU p95 ≤ 2 ms", crowded, empty,
               lambda app, fl: summary(added_cpu)["p95_ms"] <= 2.0, (cpu_crowded, cpu_empty))
    row["added"] = {"cpu": summary(added_cpu), "wall": summary(added_wall)}
    return row


def presence_rows(me: int, peer: int, runs: int) -> list[dict]:
    return [send_with_typing(me, peer, runs), poll_with_typists(me, peer, runs)]


def _pair(figures: dict) -> str:
    return f"{figures['median_ms']:.3f} / {figures['p95_ms']:.3f} ms"


def cpu_lines(results: list[dict]) -> list[str]:
    """The CPU times of the rows that have them, one line each, and what the
    typing adds to a poll tick (paired differences), wall and CPU."""
    lines = []
    for r in results:
        if "cpu" in r:
            lines.append(f"{r['label']}: CPU median / p95 {_pair(r['cpu']['app'])}, "
                         f"beside {_pair(r['cpu']['floor'])}")
        if "added" in r:
            lines.append(f"  what the typing adds to a tick (tick with it − tick without, "
                         f"paired): CPU median / p95 {_pair(r['added']['cpu'])}, "
                         f"wall {_pair(r['added']['wall'])}")
    return lines
