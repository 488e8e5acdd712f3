"""A message of attachments only says what it carries wherever it is
previewed, as messengers do: the dialog list ("🖼 Picture", "🖼 3 pictures",
"♪ Title — Artist"), groups too, and the quote of a reply to it. Its words are
``models.errors.Text`` (the UI translates them); the track's title and artist
are filled in cleaned and as they are. The attachments are read in one more
query, only when a newest message has no text. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import test_attachments as fixtures
from playhouse.test_utils import count_queries
from test_attachments import a_track, prepared, send

from models import dialogs, groups, messages, posts, search
from models.errors import Text
from models.message_views import attachment_preview

people = fixtures.people  # Анна, Борис, Vera


def previews(user_id: int) -> dict[str, str]:
    return {
        (s.title if s.kind == "group" else s.peer.login): s.last_message_preview
        for s in dialogs.dialog_list(user_id).items
    }


def test_the_dialog_list_says_picture_pictures_or_the_track(db, people):
    anna, boris, vera = people
    send(anna, boris, "", [prepared()])
    send(anna, vera, "", [prepared(), prepared((0, 90, 0)), prepared((0, 0, 90))])
    send(anna, anna, "", [a_track("Лето", "Кино")])
    shown = previews(anna)
    assert shown == {"boris": "🖼 Picture", "vera": "🖼 3 pictures", "anna": "♪ Лето — Кино"}
    assert all(isinstance(p, Text) for p in shown.values())  # for the UI to translate
    assert shown["vera"].template == "🖼 {n} pictures" and shown["vera"].params == {"n": 3}


def test_text_with_attachments_previews_the_text(db, people):
    anna, boris, _vera = people
    send(anna, boris, "Смотри, что нашла\nвторая строка", [prepared(), a_track()])
    assert previews(boris) == {"anna": "Смотри, что нашла"}


def test_pictures_and_a_track_together_and_in_a_group(db, people):
    anna, boris, vera = people
    group = groups.create_group(anna, "Друзья", [boris, vera])
    messages.send_to_dialog(anna, group, "", messages.new_client_id(),
                            attachments=[prepared(), a_track("Кукушка", "")])
    assert previews(vera)["Друзья"] == "🖼 Picture · ♪ Кукушка"
    assert dialogs.dialog_summary(vera, group).last_message_preview == "🖼 Picture · ♪ Кукушка"


def test_a_tracks_title_is_cleaned_and_never_markup(db, people):
    anna, boris, _vera = people
    send(anna, boris, "", [a_track("[bold]Hi\x1b[31m", "[@click=app.quit]")])
    [shown] = previews(boris).values()
    assert shown == "♪ [bold]Hi[31m — [@click=app.quit]"
    assert "\x1b" not in shown


def test_a_deleted_message_still_says_deleted(db, people):
    anna, boris, _vera = people
    sent = send(anna, boris, "", [prepared()])
    messages.delete_message(anna, sent.id)
    assert previews(boris) == {"anna": "message deleted"}


def test_the_attachments_are_read_only_when_a_newest_message_has_no_text(db, people):
    anna, boris, vera = people
    send(boris, anna, "привет")
    send(vera, anna, "и тебе")
    dialogs.dialog_list(anna)
    with count_queries() as texts_only:
        dialogs.dialog_list(anna)
    send(vera, anna, "", [prepared(), prepared()])
    with count_queries() as with_pictures:
        page = dialogs.dialog_list(anna)
    assert with_pictures.count == texts_only.count + 1
    assert page.items[0].last_message_preview == "🖼 2 pictures"


def test_a_reply_to_a_message_of_attachments_quotes_what_it_carries(db, people):
    anna, boris, _vera = people
    photo = send(anna, boris, "", [prepared()])
    track = send(anna, boris, "", [a_track("Лето", "Кино")])
    reply = messages.send_message(boris, anna, "Красиво!", messages.new_client_id(),
                                  reply_to_id=photo.id)
    assert reply.reply_preview == "🖼 Picture"
    messages.send_message(boris, anna, "Люблю", messages.new_client_id(), reply_to_id=track.id)
    history = dialogs.history(anna, boris)
    assert [m.reply_preview for m in history[:2]] == ["♪ Лето — Кино", "🖼 Picture"]


def test_nothing_left_to_describe_says_attachment():
    assert attachment_preview(()) == "attachment"


def test_a_found_message_or_post_of_pictures_only_says_what_it_carries(db, people):
    """has:image finds a message (or post) with no text: its snippet is "🖼 …", not
    empty; one with text keeps its text."""
    anna, boris, _vera = people
    send(anna, boris, "", [prepared(), prepared((1, 2, 3))])
    send(anna, boris, "the photo", [prepared((4, 5, 6))])
    posts.create_post(boris, "", attachments=[a_track("Лето", "Кино")])
    hits = search.search_messages(boris, "has:image").items
    assert [h.snippet.text for h in hits] == ["the photo", "🖼 2 pictures"]  # newest first
    assert isinstance(hits[1].snippet.text, Text) and hits[1].snippet.highlights == ()
    [post] = search.search_posts(anna, "has:track").items
    assert post.snippet.text == "♪ Лето — Кино"
