"""App-wide messages the app posts to the active screen (attributes down, messages up)."""

from __future__ import annotations

from textual.message import Message

from models.views import ActivityView, MessageView, UserRef


class MessagesArrived(Message):
    """New messages committed by anyone in the current user's dialogs (live polling)."""

    def __init__(self, messages: list[MessageView]) -> None:
        super().__init__()
        self.messages = messages


class UnreadChanged(Message):
    """The current user's total unread count changed."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total


class MessagesChanged(Message):
    """Messages in the current user's dialogs were edited or deleted by the other person."""

    def __init__(self, messages: list[MessageView]) -> None:
        super().__init__()
        self.messages = messages


class ReadMarksMoved(Message):
    """The other person read up to ``marks[dialog_id]`` (a seq): my ✓ becomes ✓✓."""

    def __init__(self, marks: dict[int, int]) -> None:
        super().__init__()
        self.marks = marks


class FriendsChanged(Message):
    """Someone asked me to be friends, answered my request or ended a friendship."""

    def __init__(self, activity: list[ActivityView]) -> None:
        super().__init__()
        self.activity = activity


class PeopleChanged(Message):
    """People I talk with changed their name, login or avatar: ``people`` are
    they as they are now, by id."""

    def __init__(self, people: dict[int, UserRef]) -> None:
        super().__init__()
        self.people = people


class NewPostsAvailable(Message):
    """``count`` posts newer than the newest shown in the watched feed ``feed``
    ((everyone?, newest post id), as given to ``MessengerApp.set_live_feed``)."""

    def __init__(self, feed: tuple[bool, int], count: int) -> None:
        super().__init__()
        self.feed = feed
        self.count = count


class DatabaseBack(Message):
    """The database works again after an outage: screens may load what failed."""


class TypingChanged(Message):
    """Who types in my dialogs now (live polling): ``typing`` is the whole list."""

    def __init__(self, typing: tuple) -> None:
        super().__init__()
        self.typing = typing


class CommentsChanged(Message):
    """The open post's comments edited, deleted (flagged), liked or reacted to
    by others, and the post itself as it now is or its id once deleted."""

    def __init__(self, comments: list, post, gone: int | None) -> None:
        super().__init__()
        self.comments = comments  # models.views.CommentView, as they are now
        self.post = post  # models.views.PostView, when it changed; else None
        self.gone = gone  # the post's id once it was deleted; else None


class CommentsArrived(Message):
    """New comments of the post open on screen (live polling)."""

    def __init__(self, comments: list) -> None:
        super().__init__()
        self.comments = comments  # models.views.CommentView, oldest first
