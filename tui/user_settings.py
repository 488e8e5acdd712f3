"""The logged-in person's settings: read at log-in and applied, stored when changed.

``MessengerApp`` mixes this in. Theme, language, volume, shuffle and repeat are
kept per person in the database (``models/settings.py``): read with the log-in
(before the sections are built, so they are built in the person's language),
written from a worker whenever the person changes one, and on log-out the app
goes back to its own defaults for whoever comes next.

Saves go through one lock and always write the newest values of that person,
so five quick presses of "louder" end with the last volume stored, whatever
order their workers run in.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from models.errors import DomainError

from .i18n import language, set_language

if TYPE_CHECKING:
    from textual.theme import Theme

    from models.settings import Settings
    from music.player import Player


def default_settings() -> Settings:
    from models.setting_values import DEFAULTS

    return DEFAULTS


class UserSettingsMixin:
    """Per-person settings for the app (see the module docstring)."""

    def _init_settings(self) -> None:
        self.settings: Settings = default_settings()
        self._start_language = language()  # --lang or the environment: the app's own
        self._pending_settings: dict[int, Settings] = {}
        self._pending_lock = threading.Lock()  # held for a dict update only (UI thread too)
        self._save_lock = threading.Lock()  # one save at a time (workers)

    def _watch_theme_for_settings(self) -> None:
        """Called once mounted: a theme chosen (palette, Ctrl+P → Theme) is kept."""
        self.theme_changed_signal.subscribe(self, self._theme_changed)  # type: ignore[attr-defined]

    # ------------------------------------------------------------ reading

    @work(thread=True, group="settings-read", exit_on_error=False)
    def _read_settings_then_enter(self, user) -> None:
        self.call_from_thread(self.logged_in, user, read_settings(user.id))  # type: ignore[attr-defined]

    def _apply_settings(self, settings: Settings) -> None:
        """Apply what is stored: theme, language, and the player's volume, shuffle
        and repeat (now if it plays, else when it is made)."""
        from .themes import DEFAULT_THEME

        self.settings = settings
        theme = settings.theme or DEFAULT_THEME
        if theme not in self.available_themes:  # type: ignore[attr-defined]
            theme = DEFAULT_THEME  # a theme of another version of the app
        self.theme = theme  # type: ignore[attr-defined]
        self._use_language(settings.language or self._start_language)
        if self.player is not None:  # type: ignore[attr-defined]
            self._apply_player_settings(self.player)  # type: ignore[attr-defined]

    def _apply_player_settings(self, player: Player) -> None:
        from music.player import Repeat

        settings = self.settings
        player.set_volume(settings.volume)
        player.set_shuffle(settings.shuffle)
        player.set_repeat(Repeat(settings.repeat))

    def _use_language(self, code: str) -> None:
        if code != language():
            set_language(code)
            self.relocalise_bindings()  # type: ignore[attr-defined]

    def _forget_settings(self) -> None:
        """Log-out: the app's own theme and language for the next person."""
        from .themes import DEFAULT_THEME

        self.settings = default_settings()
        self.theme = DEFAULT_THEME  # type: ignore[attr-defined]
        self._use_language(self._start_language)

    # ------------------------------------------------------------ changing

    def _theme_changed(self, theme: Theme) -> None:
        from .themes import DEFAULT_THEME

        if self.current_user is None:  # type: ignore[attr-defined]
            return
        if theme.name != (self.settings.theme or DEFAULT_THEME):
            self.remember_settings(theme=theme.name)

    def change_language(self, code: str) -> None:
        """The person chose a language: every section is built again in it."""
        self.remember_settings(language=code)
        if code != language():
            self._use_language(code)
            # After the palette that ran this has gone (its pop is still under way).
            self.call_after_refresh(self.rebuild_sections)  # type: ignore[attr-defined]

    def player_settings_changed(self, player: Player) -> None:
        """The volume, shuffle or repeat changed: keep them."""
        self.remember_settings(
            volume=player.volume, shuffle=player.shuffle, repeat=player.repeat.value
        )

    def remember_settings(self, **values: object) -> None:
        """Change the logged-in person's settings here and in the database."""
        user = self.current_user  # type: ignore[attr-defined]
        if user is None:
            return
        self.settings = replace(self.settings, **values)
        with self._pending_lock:
            self._pending_settings[user.id] = self.settings
        self._save_settings(user.id)

    @work(thread=True, group="settings-save", exit_on_error=False)
    def _save_settings(self, user_id: int) -> None:
        from dataclasses import asdict

        from models.settings import save_settings

        with self._save_lock:  # one save at a time, of the newest values
            with self._pending_lock:
                settings = self._pending_settings.pop(user_id, None)
            if settings is None:
                return  # a later save wrote them already
            try:
                save_settings(user_id, **asdict(settings))
            except DomainError as exc:
                self.call_from_thread(self.show_error, exc)  # type: ignore[attr-defined]


def read_settings(user_id: int) -> Settings:
    """``user_id``'s stored settings, or the defaults if they cannot be read
    (a worker's call: a log-in never fails for want of a theme)."""
    from models.settings import user_settings

    try:
        return user_settings(user_id)
    except DomainError:
        return default_settings()
