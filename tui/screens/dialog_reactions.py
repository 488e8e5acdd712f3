"""The Dialogs screen's reactions: ``+`` on a message opens the picker, ``w``
shows who reacted (both through ``ChatView.ActionRequested``)."""

from __future__ import annotations

from textual import work

from models import reactions
from models.errors import DomainError
from models.views import MessageView
from tui.widgets.chat_view import ChatView


class DialogReactionsMixin:
    """For ``DialogsScreen``: react to a message of the open chat."""

    def _reaction_action(self, action: str, message: MessageView) -> bool:
        """Handle ``react`` / ``reactors``; False for any other action."""
        from tui.screens.reaction_picker import ReactionPicker
        from tui.screens.reactors import ReactorsScreen

        if action == "react":
            current = next((r.emoji for r in message.reactions if r.mine), None)

            def chosen(emoji: str | None) -> None:
                if emoji is not None:
                    self.react(message.id, emoji)

            self.app.push_screen(ReactionPicker(current), chosen)
            return True
        if action == "reactors":
            me = self.me.id
            self.app.push_screen(
                ReactorsScreen(lambda: reactions.message_reactors(me, message.id))
            )
            return True
        return False

    @work(thread=True, group="react")
    def react(self, message_id: int, emoji: str) -> None:
        try:
            changed = reactions.react_to_message(self.me.id, message_id, emoji)
        except DomainError as exc:
            self._error(exc)
            return
        self.app.call_from_thread(self._reacted, changed)

    def _reacted(self, changed: MessageView) -> None:
        self.query_one(ChatView).replace(changed)
