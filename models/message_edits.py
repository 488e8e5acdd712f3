"""Editing and deleting one's own messages (sending is ``models.messages``)."""

from __future__ import annotations

from . import activity, blocks, clock, conversations, dialogs, group_activity, system_lines
from . import attachments as attachments_module
from .db import writes
from .errors import NotFoundError, PermissionDeniedError
from .message_text import clean_message_text
from .schema import Dialog, Mention, Message, Reaction
from .views import MessageView


def _own_message(user_id: int, message_id: int) -> Message:
    """A message the user may change, or a clear refusal. Someone who cannot see
    the message is told it does not exist rather than that it is not theirs; a
    system line is nobody's to change; a group one has left is read only."""
    message = Message.get_or_none(Message.id == message_id)
    me = None
    if message is not None:
        try:
            me = conversations.access(user_id, message.dialog_id)
        except NotFoundError:
            me = None
        if me is None or not me.from_seq <= message.seq <= me.end:
            message = None
    if message is None:
        raise NotFoundError("That message does not exist.", field="message_id")
    if message.sender_id != user_id or message.kind != system_lines.TEXT:
        raise PermissionDeniedError("You can only change your own messages.", field="message_id")
    conversations.require_present(me)
    return message


@writes
def edit_message(user_id: int, message_id: int, text: str) -> MessageView:
    """Replace the text of my own message; marks it edited. The same text
    again (Enter on an edit that changed nothing) changes nothing: not marked
    edited, nobody told. A message with pictures or a track may be left
    with no text, as it may be sent without."""
    text = clean_message_text(text, may_be_empty=True)
    message = _own_message(user_id, message_id)
    if message.deleted:
        raise NotFoundError("That message was deleted.", field="message_id")
    if not text and not attachments_module.message_attachments([message_id]).get(message_id):
        clean_message_text(text)  # the refusal a message of nothing gets
    if text == message.text:
        return dialogs.message_view(message_id, user_id)
    dialog = Dialog.get_by_id(message.dialog_id)
    if dialog.kind == "pair":  # a group's edits are its members' business, not a block's
        blocks.check_can_message(
            user_id, dialog.user_hi_id if dialog.user_lo_id == user_id else dialog.user_lo_id
        )
    Message.update(text=text, edited_at=clock.now()).where(Message.id == message_id).execute()
    group_activity.record_for_conversation(message.dialog_id, user_id, activity.MESSAGE_EDITED,
                                           message_id)
    return dialogs.message_view(message_id, user_id)


@writes
def delete_message(user_id: int, message_id: int) -> None:
    """Delete my own message. Its place stays (shown as deleted), so the
    numbering of the dialog keeps no gaps."""
    message = _own_message(user_id, message_id)
    if message.deleted:
        return
    Message.update(deleted=True, text="").where(Message.id == message_id).execute()
    Mention.delete().where(Mention.message == message_id).execute()
    Reaction.delete().where(Reaction.message == message_id).execute()  # they go with the text
    attachments_module.drop_message_attachments(message_id)  # and the pictures no one else uses
    group_activity.record_for_conversation(message.dialog_id, user_id, activity.MESSAGE_DELETED,
                                           message_id)
