"""A screen built out of sight (a section after log-in, a kept page made
ready) whose widgets are gone when its first mount comes, because the app
quit or its person logged out meanwhile, does nothing on that mount: asking
for one of its widgets raised, and the app closed with a traceback (seen
once in CI as a test's app exited right after log-in: My profile's mount
found no post box)."""

from __future__ import annotations

from tests.tui.test_dialogs import run
from tui.screens.community import CommunityScreen
from tui.screens.dialogs import DialogsScreen
from tui.screens.feed import FeedScreen
from tui.screens.music import MusicScreen
from tui.screens.people import PeopleScreen
from tui.screens.post import PostScreen
from tui.screens.profile import MyProfileScreen

SCREENS = {
    "profile": MyProfileScreen, "feed": FeedScreen, "people": PeopleScreen,
    "music": MusicScreen, "dialogs": DialogsScreen,
    "community": lambda: CommunityScreen(None), "post": lambda: PostScreen(None),
}


def test_a_screen_without_its_widgets_mounts_as_nothing(app_db, logged_in_app):
    app = logged_in_app("anna")
    mounted = []

    async def scenario(pilot):
        for name, make in SCREENS.items():
            screen = make()  # (made in the app: some read who is logged in)
            assert not screen.children  # never composed, or its widgets removed
            screen.on_mount()  # raised NoMatches before
            mounted.append(name)

    run(app, scenario)
    assert mounted == list(SCREENS)
