"""The sections a person moves between with F2…F8, each a Textual mode."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from textual.screen import Screen

# Section modes in the order of their F-keys (module under tui/screens, screen class);
# "login" is the mode before log-in.
_SECTION_SCREENS = {
    "feed": ("feed", "FeedScreen"),
    "dialogs": ("dialogs", "DialogsScreen"),
    "friends": ("friends", "FriendsScreen"),
    "people": ("people", "PeopleScreen"),
    "communities": ("communities", "CommunitiesScreen"),
    "profile": ("profile", "MyProfileScreen"),
    "music": ("music", "MusicScreen"),
}


class _Sections(Mapping[str, type[Screen]]):
    """Section name → its screen class, in F-key order.

    A section's module is imported the first time its class is asked for, so
    starting the app loads the Log in screen alone (the sections and what they
    import — Pillow, the text area, the track table — cost about as much again).
    """

    def __getitem__(self, name: str) -> type[Screen]:
        module, class_name = _SECTION_SCREENS[name]
        return getattr(importlib.import_module(f"{__package__}.screens.{module}"), class_name)

    def __contains__(self, name: object) -> bool:
        return name in _SECTION_SCREENS

    def __iter__(self) -> Iterator[str]:
        return iter(_SECTION_SCREENS)

    def __len__(self) -> int:
        return len(_SECTION_SCREENS)


SECTIONS: Mapping[str, type[Screen]] = _Sections()

SECTION_TITLES = {
    "feed": "Feed",
    "dialogs": "Dialogs",
    "friends": "Friends",
    "people": "People",
    "communities": "Communities",
    "profile": "My profile",
    "music": "Music",
}
