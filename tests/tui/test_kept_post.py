"""The Post screen kept and refilled for the next post (issue 17, every key
painted within 50 ms; tui/screens/post_kept.py): the next post shows its own
comments only, newest last and in sight, shown once filled; a comment half
written under a post stays with that post."""

from __future__ import annotations

from textual.widgets import Input

from models import comments, posts
from tests.tui.conftest import settle, type_text
from tests.tui.test_kept_community import filled_out_of_sight, until_shown
from tests.tui.test_kept_frames import count_draws
from tests.tui.test_live import POLL, run, until
from tui import kept_screens
from tui.screens.post import PostScreen


def two_commented_posts(app_db):
    """Michail's post with 12 comments (more than fit on screen) and Olga's with 2."""
    long = posts.create_post(app_db.michail.id, "A long thread")
    for n in range(12):
        comments.add_comment(app_db.olga.id if n % 2 else app_db.michail.id, long.id,
                             f"comment {n}\nwith a second line")
    short = posts.create_post(app_db.olga.id, "A short one")
    comments.add_comment(app_db.michail.id, short.id, "first [red]word[/]")
    comments.add_comment(app_db.anna.id, short.id, "second")
    viewer = app_db.anna.id
    return posts.post_view(viewer, long.id), posts.post_view(viewer, short.id)


def annas_app(app_db, logged_in_app, monkeypatch):
    """Анна's app, its kept screens shown once filled however slow the host,
    and the two posts (``two_commented_posts``)."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    long, short = two_commented_posts(app_db)
    return logged_in_app("anna", poll_interval=POLL), long, short


async def open_post(app, pilot, post) -> PostScreen:
    app.show_post(post)
    await settle(pilot)
    assert isinstance(app.screen, PostScreen) and app.screen.post.id == post.id
    return app.screen


async def leave(pilot) -> None:
    await pilot.press("escape")
    await settle(pilot)


def texts(screen: PostScreen) -> list[str]:
    return [c.text for c in screen.shown]


def cursor_in_sight(screen: PostScreen) -> bool:
    view = screen.comment_list
    row = view.highlighted_child
    return row is not None and row.highlighted and view.region.contains_region(row.region)


def newest_in_sight(screen: PostScreen) -> bool:
    view = screen.comment_list
    return (view.index == len(view.children) - 1 and view.scroll_y == view.max_scroll_y
            and cursor_in_sight(screen))


def test_the_next_post_shows_its_own_comments_on_the_same_screen(app_db, logged_in_app,
                                                                  monkeypatch):
    """The long thread, then the short post, then the long one again: each
    shows its own comments, newest last, highlighted and in sight, on the one
    kept screen; the short post's rows are the long one's, refilled."""
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)

    async def scenario(pilot):
        screen = await open_post(app, pilot, long)
        rows_at_once = screen.rows_at_once()
        assert rows_at_once < 12  # the rest wait until the cursor reaches the top
        assert texts(screen) == [f"comment {n}\nwith a second line"
                                 for n in range(12 - rows_at_once, 12)]
        assert newest_in_sight(screen)
        rows = list(screen.comment_list.children)
        await leave(pilot)
        assert await open_post(app, pilot, short) is screen
        assert texts(screen) == ["first [red]word[/]", "second"]
        assert list(screen.comment_list.children) == rows[:2]
        assert newest_in_sight(screen)
        assert "A short one" in str(screen.query_one("#post-top").render())
        await leave(pilot)
        assert await open_post(app, pilot, long) is screen
        assert len(texts(screen)) == rows_at_once and newest_in_sight(screen)
        assert "A long thread" in str(screen.query_one("#post-top").render())

    run(app, scenario)


def test_enter_on_a_card_opens_its_post_and_escape_gives_the_card_its_count(
        app_db, logged_in_app, monkeypatch):
    """Enter on the feed's card opens the kept screen for that post; a comment
    written there is counted on the card once the post is closed."""
    from tests.tui.test_comments import card_text, first_card

    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)

    async def scenario(pilot):
        await open_post(app, pilot, long)
        await leave(pilot)
        card = first_card(app)
        shown = card.post
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen) and app.screen.post.id == shown.id
        await pilot.press("c")
        await type_text(pilot, "a new one")
        await pilot.press("enter")
        await settle(pilot)
        assert texts(app.screen)[-1] == "a new one"
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert f"💬 {shown.comment_count + 1}" in card_text(first_card(app))

    run(app, scenario)


def test_a_half_written_comment_stays_with_its_post(app_db, logged_in_app, monkeypatch):
    """Words typed under the long thread and left unsent are not in the short
    post's field, and are back under the long thread; an edit begun and given
    up gives the field back to them; once sent, they are gone."""
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)

    async def scenario(pilot):
        screen = await open_post(app, pilot, long)
        await pilot.press("c")
        await type_text(pilot, "half of a thought")
        await pilot.press("escape", "escape")  # the list, then away
        await settle(pilot)
        assert not isinstance(app.screen, PostScreen)
        await open_post(app, pilot, short)
        field = screen.query_one("#comment-input", Input)
        assert field.value == ""
        # Anna edits her own comment there and gives up: the field is empty again.
        screen.comment_list.index = 1
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert field.value == "second"
        await pilot.press("escape")
        await settle(pilot)
        assert field.value == ""
        await leave(pilot)
        await leave(pilot)
        await open_post(app, pilot, long)
        assert field.value == "half of a thought"
        await pilot.press("c", "end")
        await type_text(pilot, ", finished")
        await pilot.press("enter")
        await settle(pilot)
        assert texts(screen)[-1] == "half of a thought, finished"
        assert field.value == ""
        await pilot.press("escape", "escape")
        await settle(pilot)
        await open_post(app, pilot, long)
        assert field.value == ""

    run(app, scenario)


def test_the_kept_post_is_drawn_once_as_it_is_shown(app_db, logged_in_app, monkeypatch):
    """The short post after the long thread: one frame, laid out and scrolled
    out of sight, not laid out again or scrolled once shown."""
    from textual.screen import Screen

    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)
    laid_out: list = []
    lay_out = Screen._refresh_layout

    def noted(screen, *args, **kwargs):
        if screen.is_current and isinstance(screen, PostScreen):
            laid_out.append(args)
        return lay_out(screen, *args, **kwargs)

    async def scenario(pilot):
        screen = await open_post(app, pilot, short)
        await leave(pilot)
        monkeypatch.setattr(Screen, "_refresh_layout", noted)
        draws = count_draws(app, screen, monkeypatch)
        assert await open_post(app, pilot, long) is screen
        await pilot.pause(0.3)
        await settle(pilot)
        assert len(draws) == 1 and laid_out == []
        assert newest_in_sight(screen)

    run(app, scenario)


def test_a_read_for_the_post_left_does_not_fill_the_next(app_db, logged_in_app, monkeypatch):
    """The long thread's read answers after the short post was asked for:
    dropped, the short post's comments stay (and its read fills it)."""
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)

    async def scenario(pilot):
        screen = await open_post(app, pilot, short)
        await leave(pilot)
        stale = screen._reads
        page = comments.comments_page(app_db.anna.id, long.id)
        app.show_post(short)
        await settle(pilot)
        await screen._opened(stale, long, page, None)
        await settle(pilot)
        assert app.screen is screen and screen.post.id == short.id
        assert texts(screen) == ["first [red]word[/]", "second"]

    run(app, scenario)


def test_a_slow_read_shows_the_post_loading_then_its_comments(app_db, logged_in_app,
                                                              monkeypatch):
    """Its comments read slower than the wait: the screen is shown with
    "Loading…" and none of the last post's comments, then filled."""
    import threading

    from tui.screens import post as post_module

    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)
    gate = threading.Event()
    page_of = post_module.comments.comments_page

    def slow(viewer, post_id, *args, **kwargs):
        if post_id == short.id:
            gate.wait(10)
        return page_of(viewer, post_id, *args, **kwargs)

    async def scenario(pilot):
        screen = await open_post(app, pilot, long)
        await leave(pilot)
        monkeypatch.setattr(post_module.comments, "comments_page", slow)
        monkeypatch.setattr(kept_screens, "PUSH_WAIT", 0.1, raising=False)
        app.show_post(short)
        await until_shown(app, screen)
        await pilot.pause(0.05)
        assert screen.loading_shown and not screen.comment_list.display
        assert screen.query_one("#comments-loading").display
        gate.set()
        await settle(pilot)
        assert not screen.loading_shown and screen.comment_list.display
        assert not screen.query_one("#comments-loading").display
        assert texts(screen) == ["first [red]word[/]", "second"]
        assert newest_in_sight(screen)

    run(app, scenario)


def test_older_comments_come_as_the_cursor_reaches_the_top(app_db, logged_in_app,
                                                           monkeypatch):
    """45 comments: the post opens with its newest (as many as the screen can
    show and a few more), the cursor on the last; at the top the rest of the
    first page comes, then the next page from the database, above the
    cursor's comment, which stays highlighted and in sight: all 45 in order,
    none twice. One of the page's older comments deleted meanwhile (live)
    never shows, and a reply quoting it says so."""
    monkeypatch.setattr(kept_screens, "PUSH_WAIT", 30.0, raising=False)
    thread = posts.create_post(app_db.michail.id, "A busy thread")
    written = [comments.add_comment(app_db.olga.id, thread.id, f"c{n}") for n in range(44)]
    reply = comments.add_comment(app_db.michail.id, thread.id, "answer", reply_to=written[20].id)
    post = posts.post_view(app_db.anna.id, thread.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_post(app, pilot, post)
        first = texts(screen)
        assert first == [f"c{n}" for n in range(44 - len(first) + 1, 44)] + ["answer"]
        assert len(first) < 30 and newest_in_sight(screen)
        comments.delete_comment(app_db.olga.id, written[20].id)
        assert await until(pilot, lambda: screen.shown[-1].reply_to.deleted)
        for _ in range(3):  # the held ones, then the next page, then nothing more
            on = texts(screen)[0]  # the top: older ones come above it
            await pilot.press("home")
            await settle(pilot)
            # The cursor stays on that comment, in sight, the older ones above.
            assert screen.comment_list.highlighted_child.comment.text == on
            assert cursor_in_sight(screen)
        assert texts(screen) == [f"c{n}" for n in range(44) if n != 20] + ["answer"]
        assert screen.shown[-1].id == reply.id

    run(app, scenario)


def test_a_post_without_comments_says_so_and_the_next_one_does_not(
        app_db, logged_in_app, monkeypatch):
    """A post with no comment says how to write the first; the short post
    opened after it on the same screen shows its comments instead."""
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)
    bare = posts.post_view(app_db.anna.id, posts.create_post(app_db.olga.id, "Nobody yet").id)

    async def scenario(pilot):
        screen = await open_post(app, pilot, bare)
        hint = screen.query_one("#comments-empty")
        assert texts(screen) == [] and hint.region.height > 0
        assert "No comments yet" in str(hint.render())
        await leave(pilot)
        assert await open_post(app, pilot, short) is screen
        assert hint.region.height == 0 and len(texts(screen)) == 2
        await leave(pilot)
        assert await open_post(app, pilot, bare) is screen
        assert texts(screen) == [] and hint.region.height > 0

    run(app, scenario)


def test_a_read_that_fails_says_why_and_leaves_no_other_posts_comments(
        app_db, logged_in_app, monkeypatch):
    """The short post's read fails (the database went away a moment): the
    screen is shown with the error, the short post on top and none of the
    long thread's comments under it."""
    from models.errors import DomainError
    from tui.screens import post as post_module

    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)
    errors: list = []
    page_of = post_module.comments.comments_page

    def failing(viewer, post_id, *args, **kwargs):
        if post_id == short.id:
            raise DomainError("The database is busy. Try again.")
        return page_of(viewer, post_id, *args, **kwargs)

    async def scenario(pilot):
        screen = await open_post(app, pilot, long)
        await leave(pilot)
        monkeypatch.setattr(post_module.comments, "comments_page", failing)
        monkeypatch.setattr(app, "show_error", errors.append)
        assert await open_post(app, pilot, short) is screen
        assert texts(screen) == [] and not screen.loading_shown
        assert [str(e) for e in errors] == ["The database is busy. Try again."]
        assert "A short one" in str(screen.query_one("#post-top").render())

    run(app, scenario)


def test_the_post_stays_live_when_its_section_is_left_and_come_back_to(
        app_db, logged_in_app, monkeypatch):
    """The post open, F3 to Dialogs and F2 back: the half-written reply is
    where it was, and Olga's new comment still arrives by itself; a post
    closed is watched no more."""
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)

    async def scenario(pilot):
        screen = await open_post(app, pilot, short)
        await pilot.press("c")
        await type_text(pilot, "half")
        await pilot.press("f3")
        await settle(pilot)
        assert app.current_mode == "dialogs"
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#comment-input", Input).value == "half"
        comments.add_comment(app_db.olga.id, short.id, "while you were away")
        assert await until(pilot, lambda: texts(screen)[-1] == "while you were away")
        assert app.live_thread.post is not None
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.live_thread.post is None

    run(app, scenario)


def test_the_post_page_is_filled_out_of_sight_after_log_in_and_nothing_counts_as_seen(
        app_db, logged_in_app, monkeypatch):
    """After log-in, once the sections and the other kept screens are built,
    the post page is filled out of sight with a post of the feed that has
    comments: its comment rows are mounted before any post is opened. Nothing
    of it counts as seen: a notice of a new comment under it stays, and no
    post is watched live. The first post opened is that page, showing its own
    comments only, on the rows filled out of sight."""
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)
    notices = (comments.add_comment(app_db.olga.id, long.id, "new under the long one"),
               comments.add_comment(app_db.michail.id, short.id, "new under the short one"))

    async def scenario(pilot):
        app.new_comments = notices
        await filled_out_of_sight(app, "post", lambda page: page.post is not None and page.shown)
        await settle(pilot)
        screen = app.kept_screen("post")
        assert isinstance(screen, PostScreen) and screen.post.id in (long.id, short.id)
        assert screen not in app.screen_stack and app.screen is not screen
        assert screen.post.comment_count and screen.shown
        assert app.new_comments == notices
        assert app.live_thread.post is None
        rows = list(screen.comment_list.children)
        filled = screen.post.id
        other = short if filled == long.id else long
        assert await open_post(app, pilot, other) is screen
        wanted = [c.text for c in comments.comments_page(app_db.anna.id, other.id).items]
        assert texts(screen) == wanted[-len(texts(screen)):] and texts(screen)
        kept = min(len(rows), len(texts(screen)))
        assert list(screen.comment_list.children)[:kept] == rows[:kept]
        assert newest_in_sight(screen)
        # Opened, the other post's notice is seen; the one filled first was never opened.
        assert [c.post_id for c in app.new_comments] == [filled]
        assert app.live_thread.post is not None and app.live_thread.post[0] == other.id

    run(app, scenario)


def test_a_post_shown_before_its_comments_come_has_its_newest_in_sight_as_they_come(
        app_db, logged_in_app, monkeypatch):
    """The short post opened before the post page is built (a new screen),
    then the long thread with its read slower than the wait (the kept page
    shown "Loading…"): each time the comments are put on the shown screen already
    scrolled to the newest, highlighted and in sight, before the next frame.
    Before, the list scrolled to it only once its own queue was done, and on
    a busy host a layout came after that: the post stayed at its oldest
    comments (the first post opened after log-in, now and then in CI)."""
    import threading

    from tui.kept_screens import KeptScreensMixin
    from tui.screens import post as post_module

    monkeypatch.setattr(KeptScreensMixin, "prepare_kept_screens", lambda self: False)
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)
    as_they_came: list[bool] = []
    opened = PostScreen._opened

    async def noted(screen, *args):  # type: ignore[no-untyped-def]
        await opened(screen, *args)
        if screen.shown and app.screen is screen:
            as_they_came.append(newest_in_sight(screen))

    monkeypatch.setattr(PostScreen, "_opened", noted)
    gate = threading.Event()
    page_of = post_module.comments.comments_page

    def slow(viewer, post_id, *args, **kwargs):
        gate.wait(10)
        return page_of(viewer, post_id, *args, **kwargs)

    async def scenario(pilot):
        assert app.kept_screen("post") is None
        screen = await open_post(app, pilot, short)  # a new screen, kept from now on
        assert as_they_came == [True] and newest_in_sight(screen)
        await leave(pilot)
        monkeypatch.setattr(post_module.comments, "comments_page", slow)
        monkeypatch.setattr(kept_screens, "PUSH_WAIT", 0.1, raising=False)
        app.show_post(long)
        await until_shown(app, screen)
        assert screen.loading_shown
        gate.set()
        await settle(pilot)
        assert len(texts(screen)) == screen.rows_at_once()
        assert as_they_came == [True, True] and newest_in_sight(screen)

    run(app, scenario)


def test_a_comment_that_comes_live_to_the_newest_is_wholly_in_sight(
        app_db, logged_in_app, monkeypatch):
    """The long thread open at its newest comment: Olga's comment that comes
    live takes the cursor and is wholly in sight, the list at its end, as it
    is put on the list (before a frame shows it). The list's own scroll came
    later, and on a busy host before the new row was laid out: the list
    stayed where its end had been, the new comment cut off."""
    app, long, short = annas_app(app_db, logged_in_app, monkeypatch)
    as_it_came: list[bool] = []
    add = PostScreen.add_comments

    async def noted(screen, new):  # type: ignore[no-untyped-def]
        await add(screen, new)
        as_it_came.append(newest_in_sight(screen))

    monkeypatch.setattr(PostScreen, "add_comments", noted)

    async def scenario(pilot):
        screen = await open_post(app, pilot, long)
        assert newest_in_sight(screen)
        comments.add_comment(app_db.olga.id, long.id, "just now\nin two lines")
        assert await until(pilot, lambda: texts(screen)[-1] == "just now\nin two lines")
        await settle(pilot)
        assert as_it_came == [True] and newest_in_sight(screen)

    run(app, scenario)
