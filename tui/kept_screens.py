"""Pushed screens kept and shown again, not composed afresh each time (issue 17,
every key painted within 50 ms; part of ``MessengerApp``).

Opening someone's profile pushed a new ``UserProfileScreen``: composing it,
styling and mounting its widgets and laying it out whole was 0.4–0.6 s of the
key on the shared 2-core machine, every time. The first one opened in a
session is now kept (installed, so Textual does not remove it when it is
popped) and the next opening shows it again, refilled for the new person by
the screen itself (``show_person``: nothing of the last person stays on it).
While the kept one is on a stack (a profile opened, then a chat, then another
profile from Dialogs) a new screen is made as before and thrown away when
closed. Log-out and a new language (``_reset_modes``) drop the kept screens.
A community's page is kept the same way (``CommunityScreen.show_community``).
"""

from __future__ import annotations

from textual.screen import Screen


class KeptScreensMixin:
    """Mixed into ``MessengerApp``."""

    def _kept_screens(self) -> dict[str, Screen]:
        kept = self.__dict__.get("_kept")
        if kept is None:
            kept = self.__dict__["_kept"] = {}
        return kept

    def kept_screen(self, name: str) -> Screen | None:
        """The screen kept under ``name``, if it can be shown again now: mounted
        and on no screen stack."""
        screen = self._kept_screens().get(name)
        if screen is None or not screen.is_mounted or self._on_a_stack(screen):
            return None
        return screen

    def keep_screen(self, name: str, screen: Screen) -> Screen:
        """Keep ``screen`` under ``name`` unless one is kept already; returns it."""
        kept = self._kept_screens()
        if name not in kept:
            kept[name] = screen
            self.install_screen(screen, name=f"kept-{name}")
        return screen

    def _on_a_stack(self, screen: Screen) -> bool:
        return any(screen in stack for stack in self._screen_stacks.values())

    def drop_kept_screens(self) -> None:
        """Before the sections are removed: every kept screen goes with them (one
        on a stack is removed with its stack, once no longer installed)."""
        kept = self._kept_screens()
        for name, screen in kept.items():
            self._installed_screens.pop(f"kept-{name}", None)
            if not self._on_a_stack(screen) and screen.is_attached:
                screen.remove()
        kept.clear()
