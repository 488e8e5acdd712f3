"""One sample of ``bench.keys``: a fresh app, log in, then every navigation timed.

    python -m bench.keys_child --db community.db --group 1001 --community 7

Each figure is the time from the navigation's action (what its key runs: the
F-key's ``action_section``, Enter's ``open_profile``, Ctrl+B's members panel,
Ctrl+G's next unread, Ctrl+F and a typed query) to the first frame written
with its result on screen: the screen it opens is laid out, nothing of it is
dirty, and the workers that read its data are done (``bench/painting.py``).
Prints ``BENCH-KEYS`` and its JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
from pathlib import Path

from .painting import Clock, after_paint, painting_driver
from .workers import workers_done

RESULT_MARK = "BENCH-KEYS "
SIZE = (100, 30)
ME = 1
ORDER = ("feed", "dialogs", "friends", "people", "communities", "profile", "music")
SEARCH_QUERY = "ан"


# The people the generator made (``bench/generate_community.py`` logs them in as
# "user<id>"), not the accounts other benches add afterwards.
GENERATED_PEOPLE = "SELECT id FROM user WHERE login = 'user' || id"


def _pick(db: str) -> dict:
    """A person who is not me, a post author in my feed, a community of mine.
    The person is the generator's last (login ``user<id>``), the same in every
    run: an account another bench adds afterwards (``bench/memory_setup.py``'s,
    with no posts) changed who was opened, and the figures with it."""
    conn = sqlite3.connect(db)
    try:
        other = conn.execute(f"SELECT MAX(id) FROM ({GENERATED_PEOPLE})").fetchone()[0]
        author = conn.execute("SELECT author_id FROM post WHERE author_id <> ? "
                              "ORDER BY id DESC LIMIT 1", (ME,)).fetchone()[0]
        mine = [row[0] for row in conn.execute(
            "SELECT community_id FROM membership WHERE user_id = ? ORDER BY community_id"
            " LIMIT 2", (ME,))]
        first = conn.execute("SELECT MIN(id) FROM community").fetchone()[0]
        community = mine[0] if mine else first
        again = mine[1] if len(mine) > 1 else first + 1  # another: the kept page refilled
        return {"other": other, "author": author, "community": community,
                "community_again": again}
    finally:
        conn.close()


COMMENTS = 60  # under the post opened from the feed (``_commented``)


def _commented(db: str) -> tuple[int, int]:
    """The two newest posts of person 1's feed, with ``COMMENTS`` comments
    under each (written once, through the app's own calls, by its author and
    person 1): the posts Enter opens from the feed, the first and the second
    (the kept post screen). The bench community has no comments."""
    from models import comments, posts
    from models.db import close_database, open_database

    open_database(f"sqlite:///{db}")
    try:
        newest = posts.feed_following(ME).items[:2]
        for post in newest:
            for i in range(post.comment_count, COMMENTS):
                comments.add_comment(ME if i % 2 else post.author.id, post.id,
                                     f"Comment {i + 1} on this post, as people write them")
        return newest[0].id, newest[-1].id  # (a feed of one post: that one twice)
    finally:
        close_database()


def _full_collections_timed(result: dict) -> dict:
    """Note in ``result["gc_full_ms"]`` every full (generation 2) garbage
    collection that ran during a timed key, by key: its milliseconds."""
    import gc
    import time

    state: dict = {"key": None, "start": 0.0}
    found = result["gc_full_ms"] = {}

    def noted(phase: str, info: dict) -> None:
        if info["generation"] != 2 or state["key"] is None:
            return
        if phase == "start":
            state["start"] = time.perf_counter()
        else:
            took = (time.perf_counter() - state["start"]) * 1000
            found.setdefault(state["key"], []).append(round(took, 1))

    gc.callbacks.append(noted)
    return state


def quiet_on(app, screen_name: str):
    """Whether ``screen_name`` is on screen, laid out, nothing of it dirty, no
    worker running and its footer showing the keys its bindings offer now:
    what a timed key waits for before its frame counts.

    The footer: Textual rebuilds it after the next frame, so a frame could
    show a key's result with the footer's old keys, and the frame that
    brought the new ones went uncounted (the 500-member group's first
    opening ended at the chat's frame, 33–37 ms, and the composer's keys and
    Ctrl+B came in a frame at 50–55 ms)."""
    def ready() -> bool:
        screen = app.screen
        return (type(screen).__name__ == screen_name and screen.is_mounted
                and not screen._layout_required and not screen._dirty_widgets
                and not any(w.is_running for w in app.workers)
                and _footer_current(screen))
    return ready


def _footer_current(screen) -> bool:
    """Whether the screen's footer (if it has one) shows the keys its bindings
    offer now: no rebuild to come, the keys it made from the bindings are
    those they offer now, its keys on show (F1 and the palette's aside) are
    the first of those (one per action, in their order, dimmed or not; those
    that do not fit are left out from the end), and all of it is painted."""
    from textual.widgets._footer import FooterKey

    from tui.widgets.footer import HELP_KEY, AppFooter

    footers = screen.query_children(AppFooter)
    footer = footers.first() if footers else None
    if footer is None or not footer._bindings_ready:
        return True
    if footer._rebuild_queued or footer._keys_to_show() != footer._shown:
        return False  # a rebuild to come (the keys it made are claimed as it starts)
    specs = footer.key_specs()  # the keys Textual's footer would make of the bindings now
    if specs is None:
        return True  # a group of keys (no screen of the app has one): Textual's own footer
    wanted = [(spec.key, spec.description, not spec.disabled) for spec in specs
              if spec.key != HELP_KEY and not spec.palette]
    keys = [key for key in footer.query_children(FooterKey) if key.display]
    if any(widget._layout_required or widget._repaint_required for widget in (footer, *keys)):
        return False  # keys changed or mounted, not yet painted
    shown = [(key.key, key.description, not key.has_class("-disabled")) for key in keys
             if key.key != HELP_KEY and not key.has_class("-command-palette")]
    return shown == wanted[:len(shown)] and bool(shown or not wanted)


async def rested(app) -> None:
    """The cursor left where it is as a person reading the line would: what
    it opens made ready meanwhile (``tui/ready_ahead.py``), 3 s at most."""
    from tui.ready_ahead import READY_AFTER

    await asyncio.sleep(READY_AFTER)
    for _ in range(300):
        if not {"_readying", "_ready_timer"} & app.__dict__.keys():
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)


def child(args) -> dict:
    from tui.app import make_app

    from .keys_bare import capture, kind_of

    driver_cls = painting_driver()
    app = make_app(f"sqlite:///{args.db}", lang="en", driver_class=driver_cls)
    clock = Clock()
    result: dict = {}
    first_post, second_post = _commented(args.db)
    picked = _pick(args.db) | {"post": first_post, "post_again": second_post}
    import cProfile

    profile = cProfile.Profile()  # --profile NAME: the figures whose name starts so
    full_gcs = _full_collections_timed(result)
    captured: dict[str, list] = {}

    def quiet(screen_name: str):
        return quiet_on(app, screen_name)

    async def timed(pilot, name: str, act, ready) -> float:
        await workers_done(app)
        await pilot.pause()
        frames = driver_cls.frames
        profiling = args.profile is not None and name.startswith(args.profile)
        if profiling:
            profile.enable()
        clock.start(name)
        full_gcs["key"] = name

        def painted() -> None:
            clock.mark(name)
            # A collection after the frame is not the key's, though it may run
            # before this coroutine resumes (the hold is released as the key's
            # work settles: tui/quiet_gc.py).
            full_gcs["key"] = None

        if not name.endswith("_read"):
            # The key right away, as the person comes to the line: no rest on
            # it made ready what it opens (tui/ready_ahead.py; the rows named
            # "_read" are after one).
            app.drop_ready()
        after_paint(app, painted, driver_cls, frames, ready)
        app.note_input()  # what a key or a click does before its action
        act()
        result[name] = round(await clock.wait(name), 2)
        full_gcs["key"] = None
        if args.capture is not None and kind_of(name) is not None:
            captured[name] = capture(app.screen)  # the frame, for bench.keys_bare
        if args.gap:
            await asyncio.sleep(args.gap)  # --gap: a person looking at what the key showed
        if profiling:
            profile.disable()
        return result[name]

    def section(name: str):
        screen_names = {"feed": "FeedScreen", "dialogs": "DialogsScreen",
                        "friends": "FriendsScreen", "people": "PeopleScreen",
                        "communities": "CommunitiesScreen", "profile": "MyProfileScreen",
                        "music": "MusicScreen"}
        ready = quiet(screen_names[name])
        return (lambda: app.action_section(name)), (lambda: app.current_mode == name
                                                    and ready())

    async def pilot_run(pilot) -> None:
        from models import accounts, settings

        from .app_child import _settled

        await pilot.pause()
        app.logged_in(accounts.get_user(ME), settings.user_settings(ME))
        await _settled(app, pilot)  # the feed read a moment: every section built out of sight
        for name in ORDER[1:]:  # the first visit of each section
            await timed(pilot, f"first_{name}", *section(name))
        for round_ in range(2):  # F2 … F8 between built sections
            for name in ORDER:
                await timed(pilot, f"built_{name}_{round_}", *section(name))
        # A profile from People (the session's first), from the feed and from
        # People again (the profile screen kept: tui/kept_screens.py, another
        # person each time); then a community.
        for where, who, name in (("people", picked["other"], "profile_from_people"),
                                 ("feed", picked["author"], "profile_from_feed"),
                                 ("people", picked["other"], "profile_again")):
            await timed(pilot, f"to_{where}", *section(where))
            await timed(pilot, name, lambda who=who: app.open_profile(who),
                        lambda who=who: quiet("UserProfileScreen")() and app.screen.user_id == who
                        and app.screen.person_name != "")
            app.pop_screen()
        # The profile from the feed as a person opens it: the cursor rests on
        # a post a moment (a person reads it), then u opens its author: the
        # profile made ready meanwhile is only shown (tui/ready_ahead.py).
        await timed(pilot, "to_feed", *section("feed"))
        from tui.widgets.post_card import PostCard
        from tui.widgets.post_list import PostListView

        cards = app.screen.query_one("#following-posts PostListView", PostListView)
        read = next(i for i, card in enumerate(cards.children)
                    if isinstance(card, PostCard) and card.post.author.id != ME)
        author = cards.children[read].post.author.id
        cards.index = read
        await rested(app)
        await timed(pilot, "profile_from_feed_read", cards.action_open_author,
                    lambda: quiet("UserProfileScreen")() and app.screen.user_id == author
                    and app.screen.person_name != "")
        app.pop_screen()
        # A community, then another (the page kept since the first:
        # CommunityScreen.show_community).
        await timed(pilot, "to_communities", *section("communities"))
        for name in ("community", "community_again"):
            await timed(pilot, name, lambda name=name: app.open_community(picked[name]),
                        lambda name=name: quiet("CommunityScreen")()
                        and app.screen.community is not None
                        and app.screen.community.id == picked[name])
            app.pop_screen()
        # The first community again, as a person opens it from the list: the
        # cursor rests on it a moment first (its page made ready meanwhile).
        from textual.widgets import OptionList

        mine = app.screen.query_one("#list-my", OptionList)
        mine.focus()
        mine.highlighted = mine.get_option_index(f"c-{picked['community']}")
        await rested(app)
        await timed(pilot, "community_read", mine.action_select,
                    lambda: quiet("CommunityScreen")() and app.screen.community is not None
                    and app.screen.community.id == picked["community"])
        app.pop_screen()
        # The feed's newest post, opened with its comments (Enter on its card).
        await timed(pilot, "to_feed", *section("feed"))
        from tui.screens.post import CommentList

        cards = app.screen.query_one("#following-posts PostListView", PostListView)
        for index, name in enumerate(("open_post", "open_post_again")):
            cards.index = index
            await timed(pilot, name, cards.action_select_cursor,
                        lambda name=name: quiet("PostScreen")()
                        and app.screen.post.id == picked[name.replace("open_", "")]
                        and len(app.screen.query_one(CommentList).children) > 0)
            app.pop_screen()
        # The first post again, as a person opens it: the cursor rests on its
        # card a moment first (its page made ready meanwhile).
        cards.index = 0
        await rested(app)
        await timed(pilot, "open_post_read", cards.action_select_cursor,
                    lambda: quiet("PostScreen")() and app.screen.post.id == picked["post"]
                    and len(app.screen.query_one(CommentList).children) > 0)
        app.pop_screen()
        # Dialogs: the big group, its members panel, the next unread chat.
        await timed(pilot, "to_dialogs", *section("dialogs"))
        dialogs = app.screen
        from tui.chats import group_key

        await timed(pilot, "open_group", lambda: dialogs.select_chat(group_key(args.group)),
                    lambda: app.open_dialog_id == args.group and quiet("DialogsScreen")())
        await timed(pilot, "members_panel", dialogs.action_members, quiet("GroupMembersScreen"))
        app.pop_screen()
        await timed(pilot, "after_members", lambda: None, quiet("DialogsScreen"))
        before = dialogs.chat
        if dialogs.query_one("DialogList").next_unread(before) is not None:
            await timed(pilot, "next_unread", dialogs.action_next_unread,
                        lambda: dialogs.chat != before and quiet("DialogsScreen")())
        # The global search: Ctrl+F, then a query typed (its debounce included).
        await timed(pilot, "search_open", app.action_search_everything, quiet("SearchScreen"))
        search = app.screen
        from textual.widgets import Input

        def found() -> bool:
            return quiet("SearchScreen")() and search.query_one(OptionList).option_count > 0

        await timed(pilot, "search_results",
                    lambda: setattr(search.query_one(Input), "value", SEARCH_QUERY), found)
        app.exit()

    app.run(size=SIZE, auto_pilot=pilot_run)
    if args.capture is not None:
        args.capture.write_text(json.dumps(captured))
    if args.profile:
        import io
        import pstats

        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        result["profile"] = out.getvalue()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--group", type=int, required=True)
    parser.add_argument("--profile", default=None, help="cProfile the figures named so")
    parser.add_argument("--capture", type=Path, default=None,
                        help="write each key's painted frame here (for bench.keys_bare)")
    parser.add_argument("--gap", type=float, default=0.0,
                        help="seconds of no key after each timed one (a person reading it)")
    args = parser.parse_args(argv)
    result = child(args)
    if "profile" in result:
        print(result.pop("profile"))
    print(RESULT_MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
