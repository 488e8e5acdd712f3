"""Share a catalogue track: into a dialog or a group as a message, or onto my
wall or a community as a post — the track attached, nothing copied (every
account plays the same catalogue track).

``client_id`` makes a message share resend-safe as every send is: the same id
twice stores one message.
"""

from __future__ import annotations

from . import communities, messages, posts
from .share_targets import COMMUNITY, DIALOG, GROUP, WALL, ShareTarget
from .views import MessageView, PostView


def share_track(user_id: int, target: ShareTarget, track_id: int, client_id: str,
                text: str = "") -> MessageView | PostView:
    """Send or post track ``track_id`` (with an optional ``text``) to ``target``.

    Refused as the send or the post would be (a blocked person, a group I am no
    longer in, a community I left) and with ``NotFoundError(field="attachments")``
    when the catalogue no longer has the track; nothing is stored then.
    """
    attached = [track_id]
    if target.kind == WALL:
        return posts.create_post(user_id, text, attachments=attached)
    if target.kind == COMMUNITY:
        return communities.post_to_community(user_id, target.community_id, text,
                                             attachments=attached)
    if target.kind == GROUP or (target.kind == DIALOG and target.dialog_id is not None):
        return messages.send_to_dialog(user_id, target.dialog_id, text, client_id,
                                       attachments=attached)
    if target.kind == DIALOG:
        return messages.send_message(user_id, target.peer_id, text, client_id,
                                     attachments=attached)
    raise ValueError(f"not a place to share to: {target.kind!r}")
