"""Comments and reposts in the app: "💬 N" on every card, Enter opens the post
with its comments (newest last) and a composer, r replies (quoted), e edits,
d deletes, l likes, + reacts; s reposts to my wall; another person's comment
appears on the open post by itself, and the post's author gets a toast and
"💬 1 new comment" in the header that leads to it."""

from __future__ import annotations

import io

from models import comments, posts, reactions
from tests.tui.conftest import settle, type_text
from tests.tui.test_live import POLL, notes, run, until
from tui.screens.confirm import ConfirmScreen
from tui.screens.post import PostScreen
from tui.screens.reaction_picker import ReactionPicker
from tui.screens.repost import RepostScreen
from tui.widgets.app_header import AppHeader
from tui.widgets.post_card import PostCard, post_renderable
from tui.widgets.post_list import PostList


def first_card(app) -> PostCard:
    return app.screen.query_one("#following-posts", PostList).list_view.children[0]


def card_text(card: PostCard) -> str:
    return rendered(post_renderable(card.post, None))


def rendered(renderable) -> str:
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def comment_texts(app) -> list[str]:
    return [c.text for c in app.screen.shown]


async def repost_highlighted(pilot, comment: str) -> None:
    """s on the highlighted post, ``comment``, Enter: shared to my wall."""
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, RepostScreen)
    await type_text(pilot, comment)
    await pilot.press("enter")
    await settle(pilot)


def michails_post(app_db):
    return posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0]


def test_enter_opens_the_post_and_a_comment_is_written_there(app_db, logged_in_app):
    """Анна sees "💬 2" on Michail's post, opens it: the two comments, newest
    last; she writes a third; back on the feed the card says "💬 3"."""
    post = michails_post(app_db)
    comments.add_comment(app_db.olga.id, post.id, "I am in")
    comments.add_comment(app_db.michail.id, post.id, "Great, see you")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        assert first_card(app).post.id == post.id
        assert "💬 2" in card_text(first_card(app))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen)
        assert comment_texts(app) == ["I am in", "Great, see you"]
        await pilot.press("c")
        await type_text(pilot, "Me too!")
        await pilot.press("enter")
        await settle(pilot)
        assert comment_texts(app) == ["I am in", "Great, see you", "Me too!"]
        assert [c.text for c in comments.comments_page(app_db.olga.id, post.id).items][-1] == (
            "Me too!")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert "💬 3" in card_text(first_card(app))

    run(app, scenario)


def test_the_count_is_right_when_the_poll_reads_the_post_before_my_comment_is_shown(
    app_db, logged_in_app, monkeypatch
):
    """The poll's reads are not one snapshot: it can read the new comments
    just before Анна's is committed and the post just after, counting it, and
    report that before her own writing is done on the screen. The post says
    "💬 3", not 4, and so does the feed's card once she is back."""
    import threading
    import time

    post = michails_post(app_db)
    comments.add_comment(app_db.olga.id, post.id, "I am in")
    comments.add_comment(app_db.michail.id, post.id, "Great, see you")
    app = logged_in_app("anna", poll_interval=POLL)
    write, after = comments.add_comment, comments.comments_after
    unseen: list[int] = []  # the comment the poll's read of new ones came too early for
    reported = threading.Event()

    def comments_after(viewer_id, post_id, after_id, *args):
        found = after(viewer_id, post_id, after_id, *args)
        if unseen:
            found = [c for c in found if c.id != unseen[0]]
            reported.set()
        return found

    def written_then_the_polls_report(user_id, post_id, text, reply_to=None):
        comment = write(user_id, post_id, text, reply_to)
        unseen.append(comment.id)
        assert reported.wait(10)  # the poll read the post, counting it
        deadline = time.monotonic() + 10
        while app.screen.post.comment_count != 3 and time.monotonic() < deadline:
            time.sleep(0.01)  # and its report was shown
        unseen.clear()
        return comment

    monkeypatch.setattr(comments, "comments_after", comments_after)
    monkeypatch.setattr(comments, "add_comment", written_then_the_polls_report)

    async def scenario(pilot):
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await type_text(pilot, "Me too!")
        await pilot.press("enter")
        assert await until(pilot, lambda: len(app.screen.shown) == 3)
        for _ in range(5):  # the poll's reads after it come and go
            await pilot.pause(POLL)
        await settle(pilot)
        assert comment_texts(app) == ["I am in", "Great, see you", "Me too!"]
        assert app.screen.post.comment_count == 3
        assert "💬 3" in rendered(app.screen.post_top())
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert "💬 3" in card_text(first_card(app))

    run(app, scenario)


def test_a_deleted_comment_is_counted_once_whoever_tells_first(app_db, logged_in_app):
    """Анна deletes a comment on her post while the poll runs: its count goes
    down by one, not two, whether the poll or her own deletion is shown first."""
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    comments.add_comment(app_db.olga.id, mine.id, "one")
    comments.add_comment(app_db.olga.id, mine.id, "two")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.push_screen(PostScreen(mine))
        await settle(pilot)
        assert app.screen.post.comment_count == 2
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert await until(pilot, lambda: len(app.screen.shown) == 1)
        for _ in range(5):  # the poll's reads of it come and go
            await pilot.pause(POLL)
        assert comment_texts(app) == ["one"]
        assert app.screen.post.comment_count == 1

    run(app, scenario)


def test_reply_edit_like_react_and_delete_a_comment(app_db, logged_in_app):
    """On her own post Анна replies to Olga (the reply quotes her), edits the
    reply, likes and reacts to Olga's comment, and deletes it (her post: she may)."""
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    olgas = comments.add_comment(app_db.olga.id, mine.id, "Nice first post")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.push_screen(PostScreen(mine))
        await settle(pilot)
        await pilot.press("r")
        await type_text(pilot, "Thank you")
        await pilot.press("enter")
        await settle(pilot)
        reply = app.screen.shown[-1]
        assert reply.reply_to.id == olgas.id and reply.reply_to.text == "Nice first post"
        app.screen.comment_list.focus()
        await pilot.press("e")
        await pilot.press("ctrl+u")  # clear the field (Input: delete to the start)
        await type_text(pilot, "Thank you, Olga")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.shown[-1].text == "Thank you, Olga"
        assert app.screen.shown[-1].edited_at is not None
        app.screen.comment_list.focus()
        await pilot.press("up")
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.shown[0].liked_by_me and app.screen.shown[0].like_count == 1
        await pilot.press("plus")
        await pilot.pause()
        assert isinstance(app.screen, ReactionPicker)
        await pilot.press("1")
        await settle(pilot)
        assert [(r.emoji, r.count) for r in app.screen.shown[0].reactions] == [
            (reactions.REACTIONS[0], 1)]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert comment_texts(app) == ["Thank you, Olga"]
        assert posts.post_view(app_db.anna.id, mine.id).comment_count == 1

    run(app, scenario)


def test_e_and_d_are_only_for_what_i_may_change(app_db, logged_in_app):
    """On Michail's post, Olga's comment can be neither edited nor deleted by Анна."""
    post = michails_post(app_db)
    comments.add_comment(app_db.olga.id, post.id, "Olga's")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.push_screen(PostScreen(post))
        await settle(pilot)
        await pilot.press("d")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen)
        assert comment_texts(app) == ["Olga's"]

    run(app, scenario)


def test_s_reposts_to_my_wall_with_a_comment(app_db, logged_in_app):
    """s on Michail's post, a comment, Enter: the repost tops the feed with
    Michail's post inside it."""
    post = michails_post(app_db)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await repost_highlighted(pilot, "Who else plays?")
        top = first_card(app)
        assert top.post.is_repost and top.post.original.id == post.id
        text = card_text(top)
        assert "Who else plays?" in text and "Chess tonight at 19:00" in text
        assert posts.posts_by_author(app_db.michail.id, app_db.anna.id).items[0].id == top.post.id

    run(app, scenario)


def test_a_comment_appears_on_the_open_post_by_itself(app_db, logged_in_app):
    post = michails_post(app_db)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.push_screen(PostScreen(post))
        await settle(pilot)
        comments.add_comment(app_db.olga.id, post.id, "Count me in")
        assert await until(pilot, lambda: comment_texts(app) == ["Count me in"])
        assert not app.new_comments  # not my post: no notice

    run(app, scenario)


def test_my_posts_author_hears_of_a_comment_and_the_notice_leads_to_it(app_db, logged_in_app):
    """Olga comments on Анна's post while Анна reads the feed: a toast, the card's
    count, "💬 1 new comment" in the header; a click on it opens the post."""
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        comments.add_comment(app_db.olga.id, mine.id, "Welcome!")
        assert await until(pilot, lambda: len(app.new_comments) == 1)
        assert "Olga Smirnova: Welcome!" in notes(app)
        header = app.screen.query_one(AppHeader)
        assert "💬 1 new comment" in str(header.query_one("#header-user").render())
        card = next(c for c in app.screen.query(PostCard) if c.post.id == mine.id)
        assert card.post.comment_count == 1
        start, _end = header._comment_cells
        user = header.query_one("#header-user")
        await pilot.click(user, offset=(start + 1 + user.styles.padding.left, 0))
        await settle(pilot)
        assert isinstance(app.screen, PostScreen) and app.screen.post_id == mine.id
        assert comment_texts(app) == ["Welcome!"]
        assert app.new_comments == ()

    run(app, scenario)


def test_my_own_comment_does_not_notify_me(app_db, logged_in_app):
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        comments.add_comment(app_db.anna.id, mine.id, "note to self")
        comments.add_comment(app_db.olga.id, mine.id, "after it")
        assert await until(pilot, lambda: len(app.new_comments) == 1)
        assert [c.text for c in app.new_comments] == ["after it"]
        assert not any("note to self" in n for n in notes(app))

    run(app, scenario)


def test_counts_on_the_feed_follow_comments_by_anyone(app_db, logged_in_app):
    """Olga comments on Michail's post while Анна reads her feed: the card's
    "💬" count goes up by itself (it is not Анна's post: no notice for her)."""
    post = michails_post(app_db)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        card = first_card(app)
        assert card.post.id == post.id and card.post.comment_count == 0
        comments.add_comment(app_db.olga.id, post.id, "count me")
        assert await until(pilot, lambda: first_card(app).post.comment_count == 1)
        assert "💬 1" in card_text(first_card(app))
        assert app.new_comments == ()

    run(app, scenario)


def test_a_comment_is_found_by_the_search_and_enter_opens_its_post(app_db, logged_in_app,
                                                                  monkeypatch):
    """Ctrl+F "board": Olga's comment under "Comments (1)"; Enter opens Michail's
    post with it."""
    from tests.tui.test_search_screen import lines, open_search
    from tui.screens.search import SearchScreen

    monkeypatch.setattr(SearchScreen, "DEBOUNCE", 0)
    post = michails_post(app_db)
    comments.add_comment(app_db.olga.id, post.id, "I will bring my board")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        options = await open_search(pilot, "board")
        shown = lines(options)
        assert shown[0] == "Comments (1)"
        assert shown[1].startswith("Olga Smirnova: I will bring my board")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen) and app.screen.post_id == post.id
        assert comment_texts(app) == ["I will bring my board"]

    run(app, scenario, size=(110, 32))


def test_a_community_post_shows_its_count_and_a_click_opens_it(app_db, logged_in_app):
    """On the Chess club page: "💬 1" under Michail's post; a click opens it."""
    from models import communities

    communities.join(app_db.anna.id, app_db.community_id)
    club_post = communities.post_to_community(app_db.michail.id, app_db.community_id,
                                              "Friday: blitz")
    comments.add_comment(app_db.olga.id, club_post.id, "I bring clocks")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.open_community(app_db.community_id)
        await settle(pilot)
        shown = app.screen.query_one(PostCard)
        assert shown.post.id == club_post.id
        assert "💬 1" in card_text(shown)
        await pilot.click(shown)
        await settle(pilot)
        assert isinstance(app.screen, PostScreen) and app.screen.post_id == club_post.id
        assert comment_texts(app) == ["I bring clocks"]

    run(app, scenario)


def test_counts_stay_live_on_a_section_one_comes_back_to(app_db, logged_in_app):
    """Feed, then My profile (its list loads last), then a comment on Michail's
    post, then back to the Feed: its card shows the new count without a reload."""
    post = michails_post(app_db)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f7")
        await settle(pilot)
        comments.add_comment(app_db.olga.id, post.id, "count me")
        await pilot.press("f2")
        await settle(pilot)
        assert await until(pilot, lambda: first_card(app).post.comment_count == 1)

    run(app, scenario)


def test_the_new_comments_notice_opens_from_the_palette_too(app_db, logged_in_app):
    """Without a mouse: Ctrl+P, "New comments", Enter opens the commented post."""
    mine = posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        comments.add_comment(app_db.olga.id, mine.id, "Welcome!")
        assert await until(pilot, lambda: len(app.new_comments) == 1)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "New comments")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PostScreen) and app.screen.post_id == mine.id
        assert comment_texts(app) == ["Welcome!"]

    run(app, scenario)


def test_the_comment_keys_are_offered_once_comments_come_late(app_db, logged_in_app,
                                                               monkeypatch):
    """On a loaded host the comments come after the footer was drawn without
    a highlighted comment: once they are in, the footer offers r Reply and
    e / d for Анна's own comment (it went on showing none of them)."""
    import asyncio

    from tests.tui.conftest import held_back
    from tests.tui.screen_walk import screen_lines

    post = michails_post(app_db)
    comments.add_comment(app_db.anna.id, post.id, "Mine")
    gate = held_back(monkeypatch, comments, "comments_page")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.push_screen(PostScreen(post))
        await asyncio.sleep(0.5)  # the screen and its footer, the comments not yet
        assert "Reply" not in screen_lines(app)[-1]
        gate.set()
        await settle(pilot)
        assert comment_texts(app) == ["Mine"]
        footer = screen_lines(app)[-1]
        assert "r Reply" in footer and "e Edit" in footer and "d Delete" in footer

    run(app, scenario)


def test_the_footer_follows_the_highlighted_comment(app_db, logged_in_app):
    """e Edit and d Delete are offered on Анна's comment and no longer once ↑
    highlights Olga's on Michail's post (the footer went on offering them)."""
    from tests.tui.screen_walk import screen_lines

    post = michails_post(app_db)
    comments.add_comment(app_db.olga.id, post.id, "Olga's")
    comments.add_comment(app_db.anna.id, post.id, "Mine")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.push_screen(PostScreen(post))
        await settle(pilot)
        assert "e Edit" in screen_lines(app)[-1]
        await pilot.press("up")
        await settle(pilot)
        footer = screen_lines(app)[-1]
        assert "r Reply" in footer
        assert "e Edit" not in footer and "d Delete" not in footer
        await pilot.press("down")
        await settle(pilot)
        assert "e Edit" in screen_lines(app)[-1]

    run(app, scenario)
