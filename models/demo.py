"""The demo community: loads ``data/*.json`` into the open database through the
public domain functions, so the demo obeys every rule real data obeys.

Times are spread over the weeks before the load (the clock is moved while
loading), in the order things happened, so ids and times agree. Avatars are
drawn here with Pillow and tracks synthesised by ``music.synth``: nothing
binary is shipped. Everything loads in one transaction: all or nothing.
"""

from __future__ import annotations

import importlib
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources

from PIL import Image, ImageChops, ImageDraw

from . import accounts, clock, communities, dialogs, friends, messages, posts, profiles
from .db import reads, writes
from .demo_groups import schedule_groups
from .errors import ConflictError, msg
from .schema import User
from .text import identity_key

DEMO_PASSWORD = "correct-horse-battery-demo"
"""Every demo account's password (documented in data/README.md)."""

CREDENTIALS_DOC = "data/README.md in the Messenger source"
AVATAR_SIZE = 96
DEFAULT_MESSAGE_GAP_MINUTES = 4


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What ``load_demo`` put into the database."""

    logins: tuple[str, ...]
    password: str
    posts: int
    communities: int
    messages: int
    tracks: int


def read_data(name: str) -> object:
    """One of the demo source files, e.g. ``read_data("people")``."""
    text = resources.files("data").joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


# ---------------------------------------------------------------- avatars

def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _mix(a: tuple[int, ...], b: tuple[int, ...], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def draw_avatar(pattern: str, colours: list[str], size: int = AVATAR_SIZE) -> bytes:
    """A PNG with a bold pattern that stays recognisable at a few terminal cells:
    a diagonal gradient of the first two colours under a shape in the third."""
    first, second, accent = (_rgb(c) for c in colours)
    down = Image.linear_gradient("L").resize((size, size))
    diagonal = ImageChops.add(down, down.transpose(Image.Transpose.ROTATE_270), scale=2.0)
    image = Image.composite(
        Image.new("RGB", (size, size), second), Image.new("RGB", (size, size), first), diagonal
    )
    draw = ImageDraw.Draw(image)
    mid, unit = size / 2, size / 8
    if pattern == "sun":
        draw.ellipse((mid - 2.2 * unit, mid - 2.2 * unit, mid + 2.2 * unit, mid + 2.2 * unit),
                     fill=accent)
        for k in range(8):
            angle = k * math.pi / 4
            x, y = mid + 3.3 * unit * math.cos(angle), mid + 3.3 * unit * math.sin(angle)
            draw.ellipse((x - 0.6 * unit, y - 0.6 * unit, x + 0.6 * unit, y + 0.6 * unit),
                         fill=accent)
    elif pattern == "stripes":
        for k in range(-size, size, int(2 * unit)):
            draw.polygon([(k, 0), (k + unit, 0), (k + unit + size, size), (k + size, size)],
                         fill=accent)
    elif pattern == "rings":
        for k, radius in enumerate((3.8, 2.8, 1.8, 0.8)):
            colour = accent if k % 2 == 0 else _mix(first, second, 0.5)
            draw.ellipse((mid - radius * unit, mid - radius * unit,
                          mid + radius * unit, mid + radius * unit), fill=colour)
    elif pattern == "checker":
        cell = int(2 * unit)
        for row in range(0, size, cell):
            for col in range(0, size, cell):
                if (row // cell + col // cell) % 2 == 0:
                    draw.rectangle((col, row, col + cell - 1, row + cell - 1), fill=accent)
    elif pattern == "diamond":
        draw.polygon([(mid, unit), (size - unit, mid), (mid, size - unit), (unit, mid)],
                     fill=accent)
        inner = 1.6 * unit
        draw.polygon([(mid, mid - inner), (mid + inner, mid), (mid, mid + inner),
                      (mid - inner, mid)], fill=first)
    else:
        raise ValueError(f"Unknown avatar pattern {pattern!r}")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------- loading

@reads
def _taken(logins: list[str]) -> list[str]:
    keys = [identity_key(login) for login in logins]
    return [row.login for row in User.select(User.login).where(User.login_key.in_(keys))]


def load_demo() -> DemoReport:
    """Load the demo community into the open database, all or nothing.

    Refuses with ``ConflictError`` when a demo login is already taken (the demo
    was loaded before, or a real person chose that login).
    """
    people = read_data("people")
    taken = _taken([p["login"] for p in people])
    if taken:
        raise ConflictError(
            msg(
                "The demo is already loaded or its logins are in use ({logins}); "
                "nothing was changed.",
                logins=", ".join(taken),
            ),
            field="login",
        )
    # The slow, pure work comes before the write transaction, which then stays short.
    avatars = {
        p["login"]: draw_avatar(p["avatar"]["pattern"], p["avatar"]["colors"])
        for p in people
        if p.get("avatar")
    }
    tunes = _demo_tunes()
    photos = _demo_photos()
    previous = getattr(clock, "_frozen", None)
    start = clock.now().replace(second=0, microsecond=0)
    try:
        return _load(start, people, avatars, tunes, photos)
    finally:
        clock.freeze(previous)


@writes
def _load(
    start: datetime, people: list[dict], avatars: dict[str, bytes], tunes: list[tuple] | None,
    photos: dict | None = None,
) -> DemoReport:
    ids = _load_people(start, people, avatars)
    community_ids = _load_communities(start, ids)
    _load_friends(start, ids)
    post_count, message_count = _load_timeline(start, ids, community_ids, photos or {})
    track_count, shared_posts, shared_messages = (
        _load_music(start, ids, tunes) if tunes is not None else (0, 0, 0))
    for person in people:
        hours = person.get("last_seen_hours_ago")
        if hours is not None:
            clock.freeze(start - timedelta(hours=hours))
            accounts.touch_last_seen(ids[person["login"]])
    return DemoReport(
        logins=tuple(p["login"] for p in people),
        password=DEMO_PASSWORD,
        posts=post_count + shared_posts,
        communities=len(community_ids),
        messages=message_count + shared_messages,
        tracks=track_count,
    )


def _load_people(start: datetime, people: list[dict], avatars: dict[str, bytes]) -> dict[str, int]:
    ids: dict[str, int] = {}
    first_day = start - timedelta(days=30)
    for index, person in enumerate(people):
        clock.freeze(first_day + timedelta(hours=7 * index))
        user = accounts.register(
            person["login"], person["first_name"], person["last_name"], DEMO_PASSWORD
        ).user
        ids[person["login"]] = user.id
        profiles.update_profile(
            user.id, birthday=person.get("birthday"), city=person.get("city"),
            about=person.get("about"),
        )
        if person["login"] in avatars:
            profiles.set_avatar(user.id, avatars[person["login"]])
    return ids


def _load_communities(start: datetime, ids: dict[str, int]) -> dict[str, int]:
    result = {}
    for spec in read_data("communities"):
        created = start - timedelta(days=spec["created_days_ago"])
        clock.freeze(created)
        view = communities.create_community(ids[spec["owner"]], spec["name"], spec["about"])
        result[spec["name"]] = view.id
        for k, login in enumerate(spec["members"]):
            clock.freeze(created + timedelta(hours=3 * (k + 1)))
            communities.join(ids[login], view.id)
    return result


def _load_friends(start: datetime, ids: dict[str, int]) -> None:
    data = read_data("friends")
    at = start - timedelta(days=14)
    for a, b in data["friends"]:
        clock.freeze(at)
        friends.send_request(ids[a], ids[b])
        clock.freeze(at + timedelta(hours=1))
        friends.accept_request(ids[b], ids[a])
        at += timedelta(hours=5)
    at = start - timedelta(days=3)
    for a, b in data["requests"]:
        clock.freeze(at)
        friends.send_request(ids[a], ids[b])
        at += timedelta(hours=5)


def _demo_photos() -> dict:
    """The demo's photos, drawn and prepared as an upload is (before the write)."""
    from .demo_photos import SCENES, draw_photo
    from .images import prepare_image

    return {scene: prepare_image(draw_photo(scene), name=f"{scene}.jpg") for scene in SCENES}


def _load_timeline(
    start: datetime, ids: dict[str, int], community_ids: dict[str, int], photos: dict
) -> tuple[int, int]:
    """Posts, likes and messages in the order they happened."""
    events: list[tuple[datetime, int, Callable[[], None]]] = []

    def at(when: datetime, action: Callable[[], None]) -> None:
        if when >= start:
            raise ValueError("A demo event would lie in the future; check the time offsets.")
        events.append((when, len(events), action))

    post_specs = read_data("posts")
    for spec in post_specs:
        when = start - timedelta(hours=spec["hours_ago"])
        post_ids: list[int] = []

        def write_post(spec=spec, post_ids=post_ids) -> None:
            community = spec.get("community")
            view = posts.create_post(
                ids[spec["author"]], spec["text"],
                community_ids[community] if community else None,
                [photos[name] for name in spec.get("photos", ())],
            )
            post_ids.append(view.id)

        at(when, write_post)
        for k, login in enumerate(spec.get("likes", ())):
            at(when + timedelta(minutes=7 * (k + 1)),
               lambda login=login, post_ids=post_ids: posts.like_post(ids[login], post_ids[0]))
        _comments_and_reposts(at, when, spec, ids, post_ids)

    dialog_specs = read_data("dialogs")
    message_count = 0
    for spec in dialog_specs:
        when = start - timedelta(hours=spec["start_hours_ago"])
        sent: list[int] = []
        a, b = spec["between"]
        for index, message in enumerate(spec["messages"]):
            if index:
                when += timedelta(minutes=message.get("gap", DEFAULT_MESSAGE_GAP_MINUTES))
            sender = message["from"]
            peer = b if sender == a else a

            def send(sender=sender, peer=peer, message=message, sent=sent) -> None:
                reply = message.get("reply_to")
                view = messages.send_message(
                    ids[sender], ids[peer], message["text"], messages.new_client_id(),
                    reply_to_id=sent[reply] if reply is not None else None,
                    attachments=[photos[name] for name in message.get("photos", ())],
                )
                sent.append(view.id)

            at(when, send)
            message_count += 1

    group_messages, group_read_marks = schedule_groups(start, ids, read_data("groups"), at)
    message_count += group_messages

    for when, _order, action in sorted(events, key=lambda e: (e[0], e[1])):
        clock.freeze(when)
        action()

    clock.freeze(start - timedelta(minutes=1))
    for spec in dialog_specs:
        a, b = spec["between"]
        total = len(spec["messages"])
        for login, peer in ((a, b), (b, a)) if a != b else ((a, a),):
            up_to = total - spec.get("unread", {}).get(login, 0)
            if up_to > 0:
                dialogs.mark_read(ids[login], ids[peer], up_to)
    group_read_marks()
    reposted = sum(len(spec.get("reposts", ())) for spec in post_specs)
    return len(post_specs) + reposted, message_count


def _comments_and_reposts(at, when: datetime, spec: dict, ids: dict[str, int],
                          post_ids: list[int]) -> None:
    """The post's comments (a reply names the index of the one it answers) and reposts."""
    from . import comments, reposts

    written: list[int] = []
    for item in spec.get("comments", ()):
        def comment(item=item) -> None:
            reply = item.get("reply_to")
            view = comments.add_comment(ids[item["author"]], post_ids[0], item["text"],
                                        written[reply] if reply is not None else None)
            written.append(view.id)

        at(when + timedelta(minutes=item["minutes"]), comment)
    for item in spec.get("reposts", ()):
        at(when + timedelta(minutes=item["minutes"]),
           lambda item=item: reposts.repost(ids[item["by"]], post_ids[0], item.get("text", "")))


def _demo_tunes() -> list[tuple[str, str, str, bytes]] | None:
    """The synthesised tracks, or ``None`` when this build has no music catalogue."""
    try:
        importlib.import_module(f"{__package__}.tracks")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.tracks":
            raise
        return None
    from music import synth

    return synth.demo_tracks()


def _load_music(start: datetime, ids: dict[str, int],
                tunes: list[tuple]) -> tuple[int, int, int]:
    """The tracks, libraries and playlists, then the tracks shared (the newest
    things in the demo); how many tracks, shared posts and shared messages."""
    from . import playlists, tracks

    spec = read_data("music")
    importer = ids[spec["importer"]]
    by_title: dict[str, int] = {}
    clock.freeze(start - timedelta(days=2))
    for filename, title, _artist, wav in tunes:
        by_title[title] = tracks.import_track(importer, wav, filename=filename).id
    clock.freeze(start - timedelta(days=1))
    for login, titles in spec["libraries"].items():
        for title in titles:
            tracks.add_to_library(ids[login], by_title[title])
    for playlist in spec["playlists"]:
        owner = ids[playlist["owner"]]
        view = playlists.create_playlist(owner, playlist["name"])
        for title in playlist["tracks"]:
            playlists.add_to_playlist(owner, view.id, by_title[title])
    shared_posts = shared_messages = 0
    for share in spec.get("shares", ()):
        clock.freeze(start - timedelta(hours=share["hours_ago"]))
        track = [by_title[share["track"]]]
        if share.get("wall"):
            posts.create_post(ids[share["from"]], share["text"], attachments=track)
            shared_posts += 1
        else:
            messages.send_message(ids[share["from"]], ids[share["to"]], share["text"],
                                  messages.new_client_id(), attachments=track)
            shared_messages += 1
    return len(by_title), shared_posts, shared_messages
