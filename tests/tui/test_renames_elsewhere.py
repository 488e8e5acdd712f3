"""Someone renames themselves: Анна sees the new name beyond her chats, at once.

Michail is Анна's friend; Olga asked Анна to be friends and never wrote to her
(tests/tui/conftest.py). Анна's app runs and polls (tests/tui/test_live.py);
the test plays them with the domain functions, as Edit profile and Account in
their own terminals would (test_renames_live.py: the chats). What Анна sees is
read off her screen: his post cards in the Feed (a post he wrote, one Анна
shared, those read but not yet on cards), Friends' lists, People's rows, his
profile page, his post open with his comment. Each stays where she left it.
A page of posts or comments read before the new name and shown after it
takes it too (``held_back``: its answer read, then held).
"""

from __future__ import annotations

from textual.widgets import OptionList

from models import accounts, comments, posts, profiles, reposts
from tests.tui.conftest import (
    PASSWORD,
    held_back,
    palette_command,
    settle,
    svg_lines,
    type_text,
)
from tests.tui.test_communities import open_club
from tests.tui.test_friendship_live import open_profile
from tests.tui.test_kept_search import open_search
from tests.tui.test_live import POLL, run, until
from tests.tui.test_people import open_people
from tui.screens.post import PostScreen
from tui.sections import SECTION_TITLES
from tui.widgets.post_list import PostList
from tui.widgets.profile_card import ProfileCard


def on_screen(app) -> str:
    """The terminal's text, as Анна reads it (one space between words)."""
    return "\n".join(" ".join(line.split()) for line in svg_lines(app.export_screenshot()))


def shows(app, pilot, wanted: str, old: str = "\0", **kwargs):
    """Until ``wanted`` is on the screen (and ``old`` is not); ``kwargs``: ``until``'s."""
    return until(pilot, lambda: wanted in on_screen(app) and old not in on_screen(app),
                 **kwargs)


def test_a_friend_renaming_shows_on_his_post_in_the_feed(app_db, logged_in_app):
    """Анна's Following tab, the cursor on her own post below Michail's; he
    becomes Misha Orlov: his card says so (and draws his initials anew), the
    cursor is still on her post. Then he takes the login "misha": @misha."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        following = app.screen.query_one("#following-posts", PostList)
        view = following.list_view
        view.focus()
        view.index = 1
        await settle(pilot)
        assert following.posts[0].author.id == app_db.michail.id
        assert await shows(app, pilot, "Michail Petrov @michail")
        face = following._avatars[app_db.michail.id]
        profiles.update_profile(app_db.michail.id, first_name="Misha", last_name="Orlov")
        assert await shows(app, pilot, "Misha Orlov @michail", "Michail Petrov")
        assert following._avatars[app_db.michail.id] is not face
        assert view.index == 1 and app.screen.focused is view
        accounts.change_login(app_db.michail.id, PASSWORD, "misha")
        assert await shows(app, pilot, "Misha Orlov @misha", "@michail")

    run(app, scenario)


def test_a_rename_reaches_a_shared_post_and_posts_not_yet_on_cards(app_db, logged_in_app):
    """Анна shared Michail's chess post (her repost frames it with his name),
    and he wrote thirty posts more, most of them read with the first page but
    held for later cards. He becomes Misha: the framed post names him anew, and
    so do the held ones when the End key brings them."""
    chess = posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0]
    for n in range(30):
        posts.create_post(app_db.michail.id, f"Move {n}")
    reposts.repost(app_db.anna.id, chess.id, "Who plays?")
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        following = app.screen.query_one("#following-posts", PostList)
        assert following.posts[0].is_repost and following.held
        assert await shows(app, pilot, "Who plays?")
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await until(pilot, lambda: following.posts[0].original.author.first_name == "Misha")
        assert await shows(app, pilot, "Misha Petrov @michail", "Michail")
        assert {post.author.first_name for post in following.held} <= {"Misha"}
        following.list_view.focus()
        for _ in range(12):
            await pilot.press("end")
            await settle(pilot)
        assert "Misha Petrov" in on_screen(app) and "Michail" not in on_screen(app)
        assert {post.author.first_name for post in following.posts} == {"Misha", "Анна"}

    run(app, scenario)


def test_a_page_read_before_a_rename_shows_the_new_name(app_db, logged_in_app, monkeypatch):
    """Анна pressed r on the Feed on a loaded host: the Following page was read,
    and before it came Michail became Misha (his card on screen said so at
    once). The page read with his old name comes: his card still says Misha
    Petrov (it said Michail Petrov again, until he renamed once more)."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        following = app.screen.query_one("#following-posts", PostList)
        assert await shows(app, pilot, "Michail Petrov @michail")
        gate = held_back(monkeypatch, posts, "feed_following", read_first=True)
        await pilot.press("r")
        assert await until(pilot, gate.read.is_set, workers=False)
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await shows(app, pilot, "Misha Petrov @michail", "Michail", workers=False)
        gate.set()
        assert await until(pilot, lambda: not following._loading)
        await settle(pilot)
        assert "Misha Petrov @michail" in on_screen(app) and "Michail" not in on_screen(app)
        assert {post.author.first_name for post in following.posts} == {"Misha", "Анна"}

    run(app, scenario)


def test_the_next_page_read_before_a_rename_shows_her_new_name_and_initials(
        app_db, logged_in_app, monkeypatch):
    """Анна scrolls Everyone to its end: its next page, with Olga's post, is
    read, and before it comes Olga becomes Оля (and Michail, on screen, Misha).
    The page read with her old name comes: her card says Оля Smirnova, her
    mini avatar ОS, drawn anew (it said Olga Smirnova, OS)."""
    for n in range(20):
        posts.create_post(app_db.michail.id, f"Move {n}")
    gate = held_back(monkeypatch, posts, "feed_everyone",
                     lambda user_id, cursor=None, *args, **kwargs: cursor is not None,
                     read_first=True)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("2")
        await settle(pilot)
        everyone = app.screen.query_one("#everyone-posts", PostList)
        assert app_db.olga.id not in {post.author.id for post in everyone.posts}
        for _ in range(12):  # the held posts on cards, then the next page is read
            await pilot.press("end")
            if await until(pilot, gate.read.is_set, rounds=3, workers=False):
                break
        assert gate.read.is_set()
        profiles.update_profile(app_db.olga.id, first_name="Оля")
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await shows(app, pilot, "Misha Petrov", "Michail", workers=False)
        gate.set()
        assert await until(pilot, lambda: app_db.olga.id in everyone._avatars)
        await settle(pilot)
        olgas = [post for post in everyone.posts if post.author.id == app_db.olga.id]
        assert [post.author.first_name for post in olgas] == ["Оля"]
        assert await until(pilot, lambda: "ОS" in everyone._avatars[app_db.olga.id].plain)
        everyone.list_view.focus()
        await pilot.press("end")
        await settle(pilot)
        assert "Оля Smirnova @olga" in on_screen(app) and "Olga" not in on_screen(app)

    run(app, scenario)


def test_renames_show_in_friends_lists(app_db, logged_in_app):
    """Friends (F4): Michail becomes Misha Orlov on the Friends tab; Olga, who
    asked Анна to be friends and never wrote to her, becomes Olya on Incoming."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#friends-tabs") and await shows(app, pilot, "Michail Petrov @michail")
        profiles.update_profile(app_db.michail.id, first_name="Misha", last_name="Orlov")
        assert await shows(app, pilot, "Misha Orlov @michail", "Michail Petrov")
        await pilot.press("2")
        await settle(pilot)
        assert await shows(app, pilot, "Olga Smirnova @olga")
        profiles.update_profile(app_db.olga.id, first_name="Olya")
        assert await shows(app, pilot, "Olya Smirnova @olga", "Olga")
        assert screen.selected_person().first_name == "Olya" and app.screen is screen

    run(app, scenario)


def test_a_rename_shows_on_peoples_row(app_db, logged_in_app):
    """People (F5) lists everyone, the cursor on Michail's row; he becomes Misha:
    his row says so, the cursor still on it."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        await open_people(pilot)
        screen = app.screen
        assert await shows(app, pilot, "Michail Petrov")
        listing = screen.query_one("#people-list")
        listing.index = next(i for i, row in enumerate(screen._rows())
                             if row.user.id == app_db.michail.id)
        at = listing.index
        await settle(pilot)
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await shows(app, pilot, "Misha Petrov", "Michail")
        assert listing.index == at and screen._rows()[at].user.first_name == "Misha"

    run(app, scenario)


def test_a_rename_shows_on_his_open_profile(app_db, logged_in_app):
    """Анна has Michail's profile open; he becomes Misha Orlov, then takes a
    picture: the card's name and picture change, and so do his posts below."""
    from PIL import Image

    from tests.models.test_profiles import encode

    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_profile(pilot, app_db.michail.id)
        assert await until(pilot, lambda: on_screen(app).count("Michail Petrov") == 2)  # card, post
        profiles.update_profile(app_db.michail.id, first_name="Misha", last_name="Orlov")
        assert await shows(app, pilot, "Misha Orlov", "Michail Petrov")
        assert on_screen(app).count("Misha Orlov") == 2 and screen.person_name == "Misha Orlov"
        picture = screen._shown[1]
        profiles.set_avatar(app_db.michail.id,
                            encode(Image.new("RGB", (24, 24), (10, 120, 200)), "PNG"))
        assert await until(pilot, lambda: screen._shown[1] is not picture)
        assert screen._shown[0].user.avatar_id is not None
        assert app.screen is screen and screen.query_one(ProfileCard)

    run(app, scenario)


def test_a_rename_shows_on_his_open_post_and_his_comment_read_far_back(app_db, logged_in_app):
    """Анна opened Michail's chess post and went up through five pages of
    comments to his, the first one; Olga's last one quotes him. He becomes
    Misha: the post, his comment (older than the open post's live window,
    models/post_watch.py) and the quote name him anew, the same comment
    highlighted."""
    from models.post_watch import WINDOW

    chess = posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0]
    his = comments.add_comment(app_db.michail.id, chess.id, "Bring a board")
    for n in range(WINDOW + 20):
        comments.add_comment(app_db.olga.id, chess.id, f"Comment {n}")
    comments.add_comment(app_db.olga.id, chess.id, "I will", reply_to=his.id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.show_post(chess)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PostScreen)
        for _ in range(10):
            if screen.shown[0].id == his.id:
                break
            await pilot.press("home")
            await settle(pilot)
        await pilot.press("home")
        assert await shows(app, pilot, "Bring a board")
        assert on_screen(app).count("Michail Petrov") == 2  # the post, his comment
        assert screen.comment_list.index == 0
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await shows(app, pilot, "Misha Petrov", "Michail")
        assert on_screen(app).count("Misha Petrov") == 2
        assert screen.shown[-1].reply_to.author.first_name == "Misha"
        assert screen.comment_list.index == 0 and app.screen is screen

    run(app, scenario)



def test_older_comments_read_before_a_rename_show_the_new_name(
        app_db, logged_in_app, monkeypatch):
    """Анна opened Michail's chess post and went up its comments: the older
    page, with his first comment, is read, and before it comes he becomes
    Misha (the post on top says so at once). His comment comes saying Misha
    Petrov (it said Michail Petrov)."""
    chess = posts.posts_by_author(app_db.anna.id, app_db.michail.id).items[0]
    comments.add_comment(app_db.michail.id, chess.id, "Bring a board")
    for n in range(30):
        comments.add_comment(app_db.olga.id, chess.id, f"Comment {n}")
    gate = held_back(monkeypatch, comments, "comments_page",
                     lambda viewer, post, cursor=None, *args, **kwargs: cursor is not None,
                     read_first=True)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        app.show_post(chess)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PostScreen) and await shows(app, pilot, "Michail Petrov")
        for _ in range(10):  # the page's held comments, then the older page is read
            await pilot.press("home")
            if await until(pilot, gate.read.is_set, rounds=3, workers=False):
                break
        assert gate.read.is_set()
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await shows(app, pilot, "Misha Petrov", "Michail", workers=False)
        gate.set()
        assert await until(pilot, lambda: screen.shown[0].text == "Bring a board")
        await pilot.press("home")
        assert await shows(app, pilot, "Bring a board")
        assert on_screen(app).count("Misha Petrov") == 2 and "Michail" not in on_screen(app)
        assert screen.shown[0].author.first_name == "Misha"

    run(app, scenario)


def test_a_rename_shows_on_the_search_results(app_db, logged_in_app):
    """Анна searched everything for "Michail" (Ctrl+F): he is among People. He
    becomes Misha: the result says so, where it was, still highlighted."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_search(pilot)
        await type_text(pilot, "Michail")
        assert await until(pilot, lambda: screen.answered == screen.question())
        assert await shows(app, pilot, "Michail Petrov @michail")
        results = screen.query_one(OptionList)
        at = results.highlighted
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await shows(app, pilot, "Misha Petrov @michail", "Michail Petrov")
        assert results.highlighted == at and app.screen is screen

    run(app, scenario)


def test_a_rename_shows_on_a_community_page(app_db, logged_in_app):
    """Анна has Chess club open: its owner, its one member and its post are
    Michail's. He becomes Misha: the owner, the member and the post say so."""
    posts.create_post(app_db.michail.id, "Friday: blitz", community_id=app_db.community_id)
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        screen = await open_club(pilot, app_db)
        assert await shows(app, pilot, "owner Michail Petrov")
        assert on_screen(app).count("Michail Petrov") == 3  # the owner, the member, the post
        profiles.update_profile(app_db.michail.id, first_name="Misha")
        assert await shows(app, pilot, "owner Misha Petrov", "Michail")
        assert on_screen(app).count("Misha Petrov") == 3 and app.screen is screen

    run(app, scenario)

def test_my_own_new_name_shows_on_my_posts_and_in_the_header(app_db, logged_in_app):
    """Анна, on the Feed, becomes Аня in Edit profile (from the palette): the
    header and her post on the Following tab say Аня Иванова once it is saved."""
    app = logged_in_app("anna", poll_interval=POLL)

    async def scenario(pilot):
        assert await shows(app, pilot, "Анна Иванова @anna · yesterday")
        # Every section built out of sight first (My profile reads my name as it is built).
        assert await until(pilot, lambda: set(SECTION_TITLES) <= set(app._screen_stacks))
        await settle(pilot)
        feed = app.screen
        await palette_command(pilot, "Edit profile")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Аня")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is feed
        assert await shows(app, pilot, "Аня Иванова @anna · yesterday", "Анна")
        assert on_screen(app).splitlines()[0].endswith("Аня Иванова @anna")

    run(app, scenario)
