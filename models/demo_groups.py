"""The demo's group conversations (``data/groups.json``), loaded through the
group functions like everything else of the demo (``models/demo.py``).

Each group lists events in order — a message (``from``, ``text``, optional
``reply_to``: the index of an earlier message of the group), ``add``,
``remove``, ``rename``, ``admin`` or ``leave`` — each ``gap`` minutes after the
one before (default 4). ``unread`` leaves a person's last messages unread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from . import conversations, groups, messages

DEFAULT_GAP_MINUTES = 4


def schedule_groups(
    start: datetime, ids: dict[str, int], specs: list[dict],
    at: Callable[[datetime, Callable[[], None]], None],
) -> tuple[int, Callable[[], None]]:
    """Put every group's events on the demo timeline via ``at``; returns how many
    messages they send and what sets the read marks once all has happened."""
    made: dict[int, int] = {}  # spec index -> dialog id, once created
    texts: list[list[tuple[str, int]]] = []
    count = 0
    for index, spec in enumerate(specs):
        when = start - timedelta(hours=spec["start_hours_ago"])
        group_texts: list[tuple[str, int]] = []  # (sender, seq) of each text message
        texts.append(group_texts)

        def create(spec=spec, index=index) -> None:
            made[index] = groups.create_group(
                ids[spec["owner"]], spec["title"], [ids[m] for m in spec["members"]])

        at(when, create)
        sent: list[int] = []
        for event in spec["events"]:
            when += timedelta(minutes=event.get("gap", DEFAULT_GAP_MINUTES))
            at(when, _action(event, ids, made, index, sent, group_texts))
            count += "text" in event

    def read_marks() -> None:
        for index, (spec, group_texts) in enumerate(zip(specs, texts, strict=True)):
            gid = made[index]
            people = [spec["owner"], *spec["members"]] + [
                e["add"] for e in spec["events"] if "add" in e]
            for login in dict.fromkeys(people):
                theirs = [seq for sender, seq in group_texts if sender != login]
                unread = spec.get("unread", {}).get(login, 0)
                if len(theirs) > unread:
                    conversations.mark_read_in(ids[login], gid, theirs[len(theirs) - unread - 1])

    return count, read_marks


def _action(event: dict, ids: dict[str, int], made: dict[int, int], index: int, sent: list[int],
            group_texts: list[tuple[str, int]]) -> Callable[[], None]:
    def act() -> None:
        gid = made[index]
        if "text" in event:
            reply = event.get("reply_to")
            view = messages.send_to_dialog(
                ids[event["from"]], gid, event["text"], messages.new_client_id(),
                reply_to_id=sent[reply] if reply is not None else None)
            sent.append(view.id)
            group_texts.append((event["from"], view.seq))
        elif "add" in event:
            groups.add_members(ids[event["by"]], gid, [ids[event["add"]]])
        elif "remove" in event:
            groups.remove_member(ids[event["by"]], gid, ids[event["remove"]])
        elif "rename" in event:
            groups.rename_group(ids[event["by"]], gid, event["rename"])
        elif "admin" in event:
            groups.set_admin(ids[event["by"]], gid, ids[event["admin"]], True)
        elif "leave" in event:
            groups.leave_group(ids[event["leave"]], gid)
        else:
            raise ValueError(f"unknown demo group event {event!r}")

    return act
