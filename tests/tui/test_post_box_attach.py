"""The inline post boxes (My profile, a community's page) attach as the modal
composer does: ctrl+o pictures, ctrl+l a track while writing, chips until the
post is published with them in one go; a refusal publishes nothing and keeps
the text and the good chips. Outside the box ctrl+o / ctrl+l keep the screen's
meaning (Log out; Edit, Leave), and the footer and F1 say which is which."""

from __future__ import annotations

from models import communities, posts
from models.schema import Attachment
from tests.tui.test_pictures import calm, mark, pictures_folder
from tests.tui.test_pictures import run as pictures_run
from tui.screens.community import CommunityScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.create_community import CreateCommunityScreen
from tui.screens.file_picker import FilePickerScreen, ImageTree
from tui.screens.help import HelpScreen
from tui.screens.profile import MyProfileScreen
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.composer import Composer
from tui.widgets.post_list import PostList, PostListView


def run(app, scenario):
    pictures_run(app, scenario, size=(110, 34))


def labels(chips: AttachmentChips) -> list[str]:
    return [label for _item, label in chips.entries]


async def pick(pilot, folder, *names: str) -> None:
    """ctrl+o in the focused box, then these files of ``folder`` marked and attached."""
    await pilot.press("ctrl+o")
    await calm(pilot)
    assert isinstance(pilot.app.screen, FilePickerScreen)
    pilot.app.screen.query_one(ImageTree).path = folder
    await calm(pilot)
    for name in names:
        await mark(pilot, name)
    await pilot.press("ctrl+s")
    await calm(pilot)


async def to_profile(pilot) -> MyProfileScreen:
    await pilot.press("f7")
    await calm(pilot)
    assert isinstance(pilot.app.screen, MyProfileScreen)
    return pilot.app.screen


async def to_club(pilot, app_db) -> CommunityScreen:
    pilot.app.open_community(app_db.community_id)
    await calm(pilot)
    assert isinstance(pilot.app.screen, CommunityScreen)
    return pilot.app.screen


def newest_mine(app_db):
    return posts.posts_by_author(app_db.anna.id, app_db.anna.id).items[0]


def test_my_profile_box_publishes_a_picture(app_db, logged_in_app, tmp_path):
    folder = pictures_folder(tmp_path)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await to_profile(pilot)
        await pilot.press("n")
        await pilot.press(*"Summer")
        await pick(pilot, folder, "a-red.png")
        assert app.screen is screen
        chips = screen.query_one("#profile-chips", AttachmentChips)
        assert labels(chips) == ["▣ a-red.png"]
        await pilot.press("ctrl+s")
        await calm(pilot)
        post = newest_mine(app_db)
        assert post.text == "Summer"
        assert [(a.kind, a.width, a.height) for a in post.attachments] == [("image", 60, 40)]
        assert chips.items == () and screen.query_one("#profile-composer").text == ""
        assert screen.query_one(PostList).posts[0].id == post.id

    run(app, scenario)


def test_a_community_box_publishes_a_picture_alone(app_db, logged_in_app, tmp_path):
    """No text, one picture: published; the card is on top of the page."""
    communities.join(app_db.anna.id, app_db.community_id)
    folder = pictures_folder(tmp_path)
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await to_club(pilot, app_db)
        assert app.focused is screen.query_one(Composer)
        await pilot.press("enter")  # nothing written, nothing attached
        await calm(pilot)
        assert any("Write something first." in n.message for n in app._notifications)
        assert posts.community_posts(app_db.anna.id, app_db.community_id).items == ()
        await pick(pilot, folder, "b-blue.png")
        assert labels(screen.query_one("#post-chips", AttachmentChips)) == ["▣ b-blue.png"]
        await pilot.press("enter")
        await calm(pilot)
        (post,) = posts.community_posts(app_db.anna.id, app_db.community_id).items
        assert post.text == "" and [a.kind for a in post.attachments] == ["image"]
        assert screen.query_one("#post-chips", AttachmentChips).items == ()
        assert screen.query_one(PostList).posts[0].id == post.id

    run(app, scenario)


def test_a_refused_file_publishes_nothing_and_keeps_text_and_good_chip(
        app_db, logged_in_app, tmp_path):
    """A text file renamed .png is refused with its reason, beside a good
    picture; nothing is stored, the text and the good chip stay. On the
    community page a chip refused at publishing (its track left the
    catalogue) publishes nothing either, and keeps both."""
    communities.join(app_db.anna.id, app_db.community_id)
    folder = pictures_folder(tmp_path)
    (folder / "notes.png").write_text("not a picture at all\n")
    app = logged_in_app("anna")
    before = newest_mine(app_db).id

    async def scenario(pilot):
        screen = await to_profile(pilot)
        await pilot.press("n")
        await pilot.press(*"Trip")
        await pick(pilot, folder, "a-red.png", "notes.png")
        assert labels(screen.query_one("#profile-chips", AttachmentChips)) == ["▣ a-red.png"]
        error = str(screen.query_one("#profile-composer-error").render())
        assert "notes.png" in error
        assert newest_mine(app_db).id == before and Attachment.select().count() == 0
        assert screen.query_one("#profile-composer").text == "Trip"

        club = await to_club(pilot, app_db)
        await pilot.press(*"Board")
        await pick(pilot, folder, "notes.png", "b-blue.png")
        chips = club.query_one("#post-chips", AttachmentChips)
        assert labels(chips) == ["▣ b-blue.png"]
        chips.add([(987654, "♪ Gone")])  # a track no longer in the catalogue
        await pilot.press("enter")
        await calm(pilot)
        assert posts.community_posts(app_db.anna.id, app_db.community_id).items == ()
        assert Attachment.select().count() == 0
        assert club.query_one(Composer).text == "Board"
        assert labels(chips) == ["▣ b-blue.png", "♪ Gone"]

    run(app, scenario)


async def ctrl_o_in_then_out(pilot, screen, outside: str, opens: type) -> None:
    """ctrl+o in the focused post box opens the file picker; on the posts list
    it is the screen's ``outside`` key and opens ``opens``."""
    await pilot.press("ctrl+o")
    await calm(pilot)
    assert isinstance(pilot.app.screen, FilePickerScreen)
    await pilot.press("escape")
    await calm(pilot)
    screen.query_one(PostListView).focus()
    await calm(pilot)
    assert screen.active_bindings["ctrl+o"].binding.description == outside
    await pilot.press("ctrl+o")
    await calm(pilot)
    assert isinstance(pilot.app.screen, opens)


def test_ctrl_o_outside_the_profile_box_still_logs_out(app_db, logged_in_app):
    app = logged_in_app("anna")

    async def scenario(pilot):
        screen = await to_profile(pilot)
        await pilot.press("n")
        assert screen.active_bindings["ctrl+o"].binding.description == "Attach pictures"
        await pilot.press("f1")
        await calm(pilot)
        assert isinstance(app.screen, HelpScreen)
        helped = [b.description for _title, group in app.screen._groups() for b in group]
        assert "Attach pictures" in helped and "Attach a track" in helped
        assert "Log out" not in helped
        await pilot.press("escape")
        await calm(pilot)
        await ctrl_o_in_then_out(pilot, screen, "Log out", ConfirmScreen)

    run(app, scenario)


def test_ctrl_o_outside_the_community_box_still_edits(app_db, logged_in_app):
    """Michail owns the club: in the box ctrl+o attaches; on the posts it edits."""
    app = logged_in_app("michail")

    async def scenario(pilot):
        screen = await to_club(pilot, app_db)
        assert app.focused is screen.query_one(Composer)
        bindings = screen.active_bindings
        assert bindings["ctrl+o"].binding.description == "Attach pictures"
        assert bindings["ctrl+l"].binding.description == "Attach a track"
        await ctrl_o_in_then_out(pilot, screen, "Edit", CreateCommunityScreen)

    run(app, scenario)


def test_leaving_keeps_the_half_written_post_and_its_chips(app_db, logged_in_app, tmp_path):
    """Esc off a community page with text and a chip, back again: both are
    there. My profile keeps them across sections as it keeps the text."""
    communities.join(app_db.anna.id, app_db.community_id)
    folder = pictures_folder(tmp_path)
    app = logged_in_app("anna")

    async def scenario(pilot):
        await to_club(pilot, app_db)
        await pilot.press(*"Half")
        await pick(pilot, folder, "a-red.png")
        await pilot.press("escape")
        await calm(pilot)
        assert not isinstance(app.screen, CommunityScreen)
        club = await to_club(pilot, app_db)
        assert club.query_one(Composer).text == "Half"
        assert labels(club.query_one("#post-chips", AttachmentChips)) == ["▣ a-red.png"]
        await pilot.press("enter")
        await calm(pilot)
        assert [p.text for p in posts.community_posts(
            app_db.anna.id, app_db.community_id).items] == ["Half"]
        await pilot.press("escape")
        await calm(pilot)
        await to_club(pilot, app_db)
        assert app.screen.query_one(Composer).text == ""  # published: not back
        assert app.screen.query_one("#post-chips", AttachmentChips).items == ()

        profile = await to_profile(pilot)
        await pilot.press("n")
        await pilot.press(*"Later")
        await pick(pilot, folder, "b-blue.png")
        await pilot.press("f2")
        await calm(pilot)
        await to_profile(pilot)
        assert app.screen is profile
        assert profile.query_one("#profile-composer").text == "Later"
        assert labels(profile.query_one("#profile-chips", AttachmentChips)) == ["▣ b-blue.png"]

    run(app, scenario)


def test_snapshot_my_profile_box_with_chips(app_db, logged_in_app, snap_compare):
    """My profile while writing: the text, a picture's and a track's chips
    under the box, the footer's ctrl+o saying "Attach pictures"."""
    from tests.tui.test_picture_views import picture
    from tui.widgets.attachment_chips import chip_label

    async def run_before(pilot):
        await calm(pilot)
        await to_profile(pilot)
        await pilot.press("n")
        await pilot.press(*"Summer")
        pilot.app.screen.query_one("#profile-chips", AttachmentChips).add([
            (picture(), chip_label("Эльбрус.jpg")), (1, chip_label("Morning Walk", "♪ "))])
        await calm(pilot)

    assert snap_compare(logged_in_app("anna"), terminal_size=(110, 34), run_before=run_before)


def test_the_chips_hide_on_a_community_i_may_not_post_in_and_come_back(
        app_db, logged_in_app, tmp_path):
    """A picture picked in the club's box; then a community Анна is not a
    member of, on the same kept page: no box and no chips bar; back at the
    club, the chip is there and shown."""
    communities.join(app_db.anna.id, app_db.community_id)
    other = communities.create_community(app_db.michail.id, "Chess corner")
    folder = pictures_folder(tmp_path)
    app = logged_in_app("anna")

    async def scenario(pilot):
        club = await to_club(pilot, app_db)
        await pick(pilot, folder, "a-red.png")
        chips = club.query_one("#post-chips", AttachmentChips)
        assert chips.display and chips.region.height > 0
        await pilot.press("escape")  # the page is kept for the next one opened
        await calm(pilot)
        app.open_community(other.id)
        await calm(pilot)
        assert app.screen is club and club.community_id == other.id
        assert not club.query_one(Composer).display
        assert not chips.display and chips.region.height == 0
        await pilot.press("escape")
        await calm(pilot)
        app.open_community(app_db.community_id)
        await calm(pilot)
        assert app.screen is club
        assert labels(chips) == ["▣ a-red.png"]
        assert chips.display and chips.region.height > 0

    run(app, scenario)
