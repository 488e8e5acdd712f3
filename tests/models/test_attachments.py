"""Pictures and tracks on messages and posts: sent in one transaction with the
message or post (a refused one leaves nothing), shown with every page from one
query, gone with a deleted message or post, and the pictures nothing uses any
more swept with it, while an avatar in use never is. Runs on SQLite and
PostgreSQL. The people are Анна, Борис and Vera."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playhouse.test_utils import count_queries
from version_four import old_database

from models import (
    attachments,
    clock,
    communities,
    conversations,
    dialogs,
    groups,
    messages,
    migrations,
    posts,
)
from models.db import close_database, database, open_database
from models.errors import NotFoundError, ValidationError
from models.images import prepare_image
from models.schema import Attachment, Media, Message, Post, Track, User


@pytest.fixture
def people(make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова")
    boris = make_user("boris", "Борис", "Петров")
    vera = make_user("vera", "Vera", "Smith")
    return anna.id, boris.id, vera.id


def picture(colour=(200, 30, 30), size=(64, 48), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def prepared(colour=(200, 30, 30), size=(64, 48)):
    return prepare_image(picture(colour, size), name="photo.png")


def a_track(title="Песня", artist="Группа") -> int:
    media = Media.create(sha256=f"{title:0<64}"[:64], mime="audio/ogg", size=3, data=b"ogg",
                         created_at=clock.now())
    return Track.create(media=media.id, title=title, artist=artist, duration=192.0,
                        title_key=title.casefold(), artist_key=artist.casefold(),
                        created_at=clock.now()).id


def send(user, peer, text="", items=()):
    return messages.send_message(user, peer, text, messages.new_client_id(), attachments=items)


def test_a_message_of_pictures_and_a_track_needs_no_text(db, people):
    anna, boris, _ = people
    red, blue = prepared((200, 30, 30)), prepared((30, 30, 200), (40, 80))
    track = a_track()
    sent = send(anna, boris, "", [red, track, blue])
    assert sent.text == ""
    kinds = [(a.kind, a.position) for a in sent.attachments]
    assert kinds == [("image", 0), ("track", 1), ("image", 2)]
    first, card, last = dialogs.history(boris, anna)[0].attachments
    assert (first.sha256, first.width, first.height) == (red.sha256, 64, 48)
    assert (last.width, last.height) == (40, 80)
    assert card.track.title == "Песня" and card.track.artist == "Группа"
    assert card.track.duration == 192.0 and card.media_id is None
    assert sent.attachments == dialogs.history(anna, boris)[0].attachments


def test_without_text_or_attachments_a_message_is_still_refused(db, people):
    anna, boris, _ = people
    with pytest.raises(ValidationError) as refused:
        send(anna, boris, "  ")
    assert refused.value.field == "text"


def test_a_caption_on_a_track_or_pictures_may_be_edited_away(db, people):
    """Editing a message with a track down to no text keeps the track, as it
    could be sent without text ("A message cannot be empty" refused it); a
    message of text alone still cannot be edited to nothing."""
    anna, boris, _ = people
    track = a_track()
    shared = send(anna, boris, "listen", [track])
    edited = messages.edit_message(anna, shared.id, "  ")
    assert edited.text == "" and edited.edited_at is not None
    assert [a.kind for a in edited.attachments] == ["track"]
    assert [m.text for m in dialogs.history(boris, anna)] == [""]
    words = send(anna, boris, "just words")
    with pytest.raises(ValidationError) as refused:
        messages.edit_message(anna, words.id, "")
    assert refused.value.field == "text"
    assert {m.id: m.text for m in dialogs.history(anna, boris)}[words.id] == "just words"


def test_at_most_ten_attachments(db, people):
    anna, boris, _ = people
    with pytest.raises(ValidationError) as refused:
        send(anna, boris, "many", [prepared()] * 11)
    assert refused.value.field == "attachments"
    assert Message.select().count() == 0
    assert len(send(anna, boris, "ten", [prepared()] * 10).attachments) == 10


def test_the_same_picture_is_stored_once(db, people):
    anna, boris, _ = people
    send(anna, boris, "one", [prepared()])
    send(boris, anna, "two", [prepared(), prepared()])
    assert Media.select().count() == 1
    assert Attachment.select().count() == 3


def test_a_refused_attachment_leaves_nothing_behind(db, people):
    """A track that is not in the catalogue fails the send after the picture
    was stored: the whole transaction goes, picture, message and all."""
    anna, boris, _ = people
    with pytest.raises(NotFoundError) as refused:
        send(anna, boris, "with a bad track", [prepared(), 999_999])
    assert refused.value.field == "attachments"
    assert Message.select().count() == 0
    assert Media.select().count() == 0
    assert Attachment.select().count() == 0
    with pytest.raises(NotFoundError):
        posts.create_post(anna, "post", attachments=[prepared(), 999_999])
    assert Post.select().count() == 0 and Media.select().count() == 0


def test_a_resend_returns_the_stored_message_and_adds_nothing(db, people):
    anna, boris, _ = people
    client_id = messages.new_client_id()
    first = messages.send_message(anna, boris, "hi", client_id, attachments=[prepared()])
    again = messages.send_message(anna, boris, "hi", client_id, attachments=[prepared()])
    assert again.id == first.id and again.attachments == first.attachments
    assert Attachment.select().count() == 1


def test_a_group_message_carries_attachments(db, people):
    anna, boris, vera = people
    group = groups.create_group(anna, "Друзья", [boris, vera])
    sent = messages.send_to_dialog(anna, group, "", messages.new_client_id(),
                                   attachments=[prepared()])
    assert [a.kind for a in sent.attachments] == ["image"]
    assert conversations.history_of(vera, group)[0].attachments == sent.attachments


def test_posts_carry_attachments_on_every_feed(db, people):
    anna, boris, _ = people
    track = a_track()
    post = posts.create_post(anna, "", attachments=[prepared(), track])
    assert [a.kind for a in post.attachments] == ["image", "track"]
    community = communities.create_community(anna, "Фото", "")
    for page in (posts.feed_everyone(boris), posts.posts_by_author(boris, anna)):
        assert page.items[0].attachments == post.attachments
    in_community = communities.post_to_community(anna, community.id, "", [prepared((1, 2, 3))])
    assert posts.community_posts(boris, community.id).items[0].attachments == (
        in_community.attachments)
    pictures = {a.media_id for a in in_community.attachments}
    communities.delete_community(anna, community.id)
    assert not Media.select().where(Media.id.in_(list(pictures))).exists()


def test_a_page_costs_the_same_queries_however_many_attachments(db, people):
    anna, boris, _ = people
    for index in range(3):
        send(anna, boris, f"plain {index}")
        posts.create_post(anna, f"plain {index}")
    dialogs.dialog_list(boris)  # the chat is opened from the list: its dialog is known
    with count_queries() as plain_chat:
        dialogs.history(boris, anna)
    with count_queries() as plain_feed:
        posts.feed_everyone(boris)
    for index in range(6):
        send(anna, boris, f"pictured {index}", [prepared((index, 0, 0)), prepared()])
        posts.create_post(anna, f"post {index}", attachments=[prepared((0, index, 0))])
    with count_queries() as pictured_chat:
        page = dialogs.history(boris, anna)
    with count_queries() as pictured_feed:
        feed = posts.feed_everyone(boris)
    assert sum(len(m.attachments) for m in page) == 12
    assert sum(len(p.attachments) for p in feed.items) == 6
    assert len(page) == 9 and len(feed.items) == 9
    assert pictured_chat.count == plain_chat.count
    assert pictured_feed.count == plain_feed.count


def test_a_deleted_message_drops_its_attachments_and_unused_pictures(db, people):
    anna, boris, _ = people
    shared, own = prepared((1, 1, 1)), prepared((2, 2, 2))
    gone = send(anna, boris, "bye", [shared, own])
    kept = send(boris, anna, "keep", [shared])
    messages.delete_message(anna, gone.id)
    newest_first = dialogs.history(anna, boris)
    assert [m.attachments for m in newest_first if m.id == gone.id] == [()]
    assert [a.sha256 for m in newest_first if m.id == kept.id for a in m.attachments] == [
        shared.sha256]
    assert {m.sha256 for m in Media.select()} == {shared.sha256}
    messages.delete_message(boris, kept.id)
    assert Media.select().count() == 0 and Attachment.select().count() == 0


def test_a_deleted_post_sweeps_its_pictures_but_never_an_avatar_in_use(db, people):
    """Vera's avatar is the very picture of Anna's post: deleting the post
    leaves the avatar (and a track's audio) alone."""
    anna, _, vera = people
    track = a_track()
    post = posts.create_post(anna, "look", attachments=[prepared(), track])
    [image, _card] = post.attachments
    User.update(avatar=image.media_id).where(User.id == vera).execute()
    posts.delete_post(anna, post.id)
    assert Attachment.select().count() == 0
    assert Media.get_by_id(image.media_id).sha256 == image.sha256
    assert User.get_by_id(vera).avatar_id == image.media_id
    assert Track.get_by_id(track).media_id is not None
    User.update(avatar=None).where(User.id == vera).execute()
    again = posts.create_post(anna, "again", attachments=[prepared()])
    posts.delete_post(anna, again.id)
    assert Media.select().where(Media.id == image.media_id).count() == 0
    assert Track.select().count() == 1


def test_the_last_one_leaving_a_group_sweeps_its_pictures(db, people):
    anna, boris, _ = people
    group = groups.create_group(anna, "Двое", [boris])
    messages.send_to_dialog(anna, group, "", messages.new_client_id(), attachments=[prepared()])
    groups.leave_group(boris, group)
    assert groups.leave_group(anna, group) is True
    assert Media.select().count() == 0 and Attachment.select().count() == 0


def test_the_database_keeps_one_target_and_a_matching_reference(db, people):
    """The CHECKs hold even for a writer that skips the domain functions."""
    from peewee import IntegrityError

    anna, boris, _ = people
    sent = send(anna, boris, "x", [prepared()])
    post = posts.create_post(anna, "y")
    media_id = sent.attachments[0].media_id
    bad_rows = [
        {"message": sent.id, "post": post.id, "position": 5, "kind": "image", "media": media_id},
        {"message": None, "post": None, "position": 5, "kind": "image", "media": media_id},
        {"message": sent.id, "position": 6, "kind": "track", "media": media_id},
        {"message": sent.id, "position": 0, "kind": "image", "media": media_id},  # taken
    ]
    for row in bad_rows:
        with pytest.raises(IntegrityError), db.atomic():
            Attachment.insert(row).execute()


def test_sweep_media_leaves_what_is_referenced(db, people):
    anna, boris, _ = people
    sent = send(anna, boris, "x", [prepared()])
    with db.atomic():
        assert attachments.sweep_media([sent.attachments[0].media_id]) == 0
    assert Media.select().count() == 1


def test_a_version_ten_database_is_upgraded_to_carry_attachments(db_url, frozen_clock):
    """Opening a version-10 database that holds people, a message and a post
    adds the attachment table with its indexes; everything stays, the old
    message and post show no attachments, and new ones carry pictures."""
    vera, pavel, message_id, post_id = old_database(db_url, 10)
    try:
        db = open_database(db_url, upgrade=False)
        assert migrations.current_version(db) == 10
        assert "attachment" not in db.get_tables()
        close_database()
        db = open_database(db_url)
        assert migrations.current_version(db) == migrations.SCHEMA_VERSION >= 11
        indexes = {index.name: index for index in db.get_indexes("attachment")}
        assert indexes["attachment_message_id_position"].unique
        assert indexes["attachment_post_id_position"].unique
        [old] = dialogs.history(vera, pavel)
        assert (old.id, old.text, old.attachments) == (message_id, "from version 10", ())
        assert posts.posts_by_author(vera, pavel).items[0].attachments == ()
        sent = send(pavel, vera, "", [prepared()])
        assert dialogs.history(vera, pavel)[0].attachments == sent.attachments
        posts.delete_post(pavel, post_id)
        assert migrations.upgrade(db) == (migrations.SCHEMA_VERSION, migrations.SCHEMA_VERSION)
    finally:
        close_database()
        database.initialize(None)
