"""A shared track in a chat bubble and on a post card: one card line per
track, "♪ Title — Artist · 3:12", cut to the bubble; the bubble's counted
height stays what drawing it gives."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from rich.cells import cell_len
from rich.console import Console

from models.views import AttachmentView, PostView, TrackRef
from tests.tui.test_message_bubble import (
    MICHAIL,
    STYLES,
    drawn_lines,
    message,
    random_text,
)
from tui.widgets.message_bubble import SENT, MessageBubble
from tui.widgets.post_card import post_renderable

SONG = TrackRef(id=5, title="[b]Вечерний вальс[/b]", artist="Оркестр\x1b[31m терминала",
                duration=65.0)
LONG = TrackRef(id=6, title="A very long title of a symphony in four movements " * 2,
                artist="東京の夜明けの歌をうたう", duration=3725.0)


def with_tracks(view, *tracks):
    return replace(view, attachments=tuple(
        AttachmentView("track", i, track=track) for i, track in enumerate(tracks)))


def drawn_text(bubble: MessageBubble, width: int) -> list[str]:
    console = Console(width=width, color_system=None, record=True)
    console.print(bubble)
    return console.export_text().rstrip("\n").split("\n")


def test_a_track_alone_is_one_card_line_with_the_time_beside_or_below():
    bubble = MessageBubble(with_tracks(message(""), SONG), mine=False, state=SENT,
                           selected=False, styles=STYLES, header=False)
    lines = drawn_text(bubble, 80)
    assert lines[0].startswith(" ♪ [b]Вечерний вальс[/b] — Оркестр[31m терминала · 1:05")
    assert "18:05" in "\n".join(lines)
    assert "\x1b" not in "".join(lines)
    assert bubble.line_count(80) == len(lines) == drawn_lines(bubble, 80)


def test_text_then_cards_each_cut_to_the_bubble():
    bubble = MessageBubble(with_tracks(message("Listen to these", sender=MICHAIL), SONG, LONG),
                           mine=True, state=SENT, selected=False, styles=STYLES)
    lines = drawn_text(bubble, 40)
    assert [line.strip()[:6] for line in lines[:4]] == ["You", "Listen", "♪ [b]В", "♪ A ve"]
    assert all(cell_len(line) <= 40 for line in lines)
    assert lines[3].rstrip().endswith("· 1:02:05")


def test_counted_height_equals_drawn_height_with_tracks():
    rng = random.Random(13)
    for _ in range(400):
        view = message(rng.choice(["", "", random_text(rng)]), sender=rng.choice([MICHAIL]),
                       reply=rng.choice([None, "quoted"]))
        view = with_tracks(view, *rng.sample([SONG, LONG], rng.randint(1, 2)))
        bubble = MessageBubble(view, mine=rng.random() < 0.5, state=SENT,
                               selected=False, styles=STYLES, header=rng.random() < 0.5)
        for width in (14, 23, 40, 77):
            counted = bubble.line_count(width)
            if counted is not None:
                assert counted == drawn_lines(bubble, width), (view.text, width)


def test_a_deleted_message_shows_no_card():
    view = replace(with_tracks(message("x"), SONG), deleted=True)
    bubble = MessageBubble(view, mine=False, state=SENT, selected=False, styles=STYLES)
    assert "♪" not in "\n".join(drawn_text(bubble, 60))


def post(text: str, *tracks) -> PostView:
    return with_tracks(PostView(id=1, author=MICHAIL, community_id=None, community_name=None,
                                text=text, created_at=datetime(2026, 11, 27, 18, 5),
                                like_count=2, liked_by_me=False), *tracks)


def post_lines(view: PostView, width: int = 60) -> list[str]:
    console = Console(width=width, color_system=None, record=True)
    console.print(post_renderable(view, None))
    return [line.rstrip() for line in console.export_text().rstrip("\n").split("\n")]


def test_a_post_shows_its_text_then_its_cards_then_the_likes():
    lines = post_lines(post("New favourite", SONG, LONG), 50)
    assert lines[1].strip() == "New favourite"
    assert lines[2].strip() == "♪ [b]Вечерний вальс[/b] — Оркестр[31m… · 1:05"
    assert lines[3].strip().startswith("♪ A very long") and lines[3].endswith(" · 1:02:05")
    assert lines[4].strip().startswith("♡ 2")
    assert all(cell_len(line) <= 50 for line in lines)


def test_a_post_of_a_track_alone_has_no_empty_line():
    lines = post_lines(post("", SONG))
    assert lines[1].strip().startswith("♪ [b]Вечерний вальс[/b]")
    assert lines[2].strip().startswith("♡ 2")


def test_pictures_and_a_track_in_one_bubble_keep_the_count_exact():
    """Text, pictures, then the card, the time beside the card or under it."""
    picture = AttachmentView("image", 0, 1, "a" * 64, 640, 480)
    rng = random.Random(7)
    for _ in range(120):
        view = replace(message(rng.choice(["", "look", random_text(rng)])), attachments=(
            picture, AttachmentView("track", 1, track=rng.choice([SONG, LONG]))))
        bubble = MessageBubble(view, mine=rng.random() < 0.5, state=SENT, selected=False,
                               styles=STYLES, header=rng.random() < 0.5)
        for width in (16, 30, 57, 90):
            counted = bubble.line_count(width)
            if counted is not None:
                assert counted == drawn_lines(bubble, width), (view.text, width)
    lines = drawn_text(MessageBubble(replace(message("look"), attachments=(
        picture, AttachmentView("track", 1, track=SONG))), mine=False, state=SENT,
        selected=False, styles=STYLES, header=False), 60)
    assert lines[0].strip() == "look"
    assert [i for i, line in enumerate(lines) if "♪" in line] == [len(lines) - 2]
    assert lines[-1].strip() == "18:05"  # the card fills the line: the time goes under it
