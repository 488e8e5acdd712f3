"""The app's commands in the palette (Ctrl+P) and the actions behind them
(part of ``MessengerApp``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.actions import SkipAction
from textual.app import SystemCommand
from textual.screen import Screen

from .carry_over import app_opens, reopens
from .i18n import _
from .sections import SECTIONS


class AppCommandsMixin:
    """Go to a section, new post, edit profile, account, search, log out, language…"""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.current_user is not None:
            for name in SECTIONS:
                yield SystemCommand(
                    _("Go to {section}").format(section=self.section_title(name)),
                    _("Open the {section} section").format(section=self.section_title(name)),
                    lambda name=name: self.switch_mode(name),
                )
            yield from getattr(screen, "screen_commands", tuple)()  # e.g. mute this dialog
            yield SystemCommand(
                _("New post"), _("Write a post for your followers"), self._command_new_post
            )
            from .screens.dialog_groups import group_commands

            yield from group_commands(self, screen)
            yield SystemCommand(
                _("Edit profile"), _("Change your name, city, about and avatar"),
                self._command_edit_profile,
            )
            yield SystemCommand(
                _("Account"), _("Change password or login, new recovery codes"),
                self._command_account,
            )
            yield SystemCommand(_("Search"), _("Messages, posts, people, communities, music"),
                                self.action_search_everything)
            if self.new_comments:  # the header's "N new comments", from the keyboard too
                yield SystemCommand(_("New comments"), _("Open my post with the newest of them"),
                                    self.open_new_comments)
            yield SystemCommand(_("Log out"), _("Log out and return to Log in"),
                                self._command_log_out)
            for code, name in (("en", "English"), ("ru", "Русский")):
                yield SystemCommand(
                    _("Language: {name}").format(name=name),
                    _("Show Messenger in this language (kept for your account)"),
                    partial(self.change_language, code),
                )
        yield SystemCommand(_("Help"), _("Every key binding"), self.action_help)
        yield SystemCommand(_("Theme"), _("Change the colour theme"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Quit Messenger"), self.action_quit)

    def _command_new_post(self) -> None:
        from .screens.composer import ComposerScreen
        from .widgets.post_actions import show_new_post

        def published(post) -> None:
            if post is None:
                return
            show_new_post(self, post)
            self.notify(_("Post published."))

        self.push_screen(reopens(ComposerScreen(), app_opens("_command_new_post")), published)

    def _command_edit_profile(self) -> None:
        from .screens.edit_profile import EditProfileScreen

        self.push_screen(reopens(EditProfileScreen(), app_opens("_command_edit_profile")))

    def action_search_everything(self) -> None:
        """Ctrl+F after log-in: the global search (one at a time), the screen
        kept since the first, emptied (``SearchScreen.start_afresh``)."""
        from .screens.search import SearchScreen

        if self.current_user is None:
            raise SkipAction()  # the screen's own Ctrl+F (Log in: forgot password)
        self._close_help_and_palette()  # they describe the screen being left (as F2…F8)
        if not isinstance(self.screen, SearchScreen):
            self.show_kept("search", SearchScreen.start_afresh, SearchScreen)

    def _command_account(self) -> None:
        from .screens.account import AccountScreen

        self.push_screen(reopens(AccountScreen(), app_opens("_command_account")))

    def _command_log_out(self) -> None:
        from .screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.log_out()

        self.push_screen(
            ConfirmScreen(_("Log out of Messenger?"), confirm_label=_("Log out")), confirmed
        )
