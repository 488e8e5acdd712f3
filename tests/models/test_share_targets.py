"""Where a track can be shared: my wall, my dialogs and groups as my dialog
list orders them (not the groups I left), my communities; searchable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import clock, communities, groups, messages, share_targets
from models.share_targets import COMMUNITY, DIALOG, GROUP, WALL


@pytest.fixture
def people(make_user, frozen_clock):
    anna = make_user("anna", "Анна", "Иванова").id
    boris = make_user("boris", "Борис", "Müller").id
    vera = make_user("vera", "Vera", "[b]Bold[/b]").id
    return anna, boris, vera


def described(targets) -> list[tuple[str, str]]:
    return [(t.kind, t.name) for t in targets]


def test_wall_then_dialogs_newest_first_then_communities(people, frozen_clock):
    anna, boris, vera = people
    clock.freeze(frozen_clock - timedelta(hours=3))
    messages.send_message(anna, boris, "hi", "c-1")
    clock.freeze(frozen_clock - timedelta(hours=2))
    team = groups.create_group(anna, "Team", [boris, vera])
    left = groups.create_group(vera, "Gone", [anna])
    clock.freeze(frozen_clock - timedelta(hours=1))
    messages.send_message(vera, anna, "hello", "c-2")
    groups.leave_group(anna, left)
    club = communities.create_community(boris, "Zither club")
    communities.join(anna, club.id)
    chess = communities.create_community(anna, "Chess")
    communities.create_community(vera, "Not mine")

    targets = share_targets.share_targets(anna)
    assert described(targets) == [
        (WALL, ""),
        (DIALOG, "Vera [b]Bold[/b]"),
        (GROUP, "Team"),
        (DIALOG, "Борис Müller"),
        (COMMUNITY, "Chess"),
        (COMMUNITY, "Zither club"),
    ]
    by_name = {t.name: t for t in targets}
    assert by_name["Team"].dialog_id == team and by_name["Team"].peer_id is None
    assert by_name["Борис Müller"].peer_id == boris and by_name["Борис Müller"].login == "boris"
    assert by_name["Chess"].community_id == chess.id and by_name["Chess"].is_post
    assert targets[0].is_post and not by_name["Team"].is_post


def test_search_folds_case_and_accents_and_finds_logins(people):
    anna, boris, vera = people
    messages.send_message(anna, boris, "hi", "c-1")
    messages.send_message(anna, vera, "hi", "c-2")
    groups.create_group(anna, "Шахматы", [boris])
    communities.create_community(anna, "Muller fans")

    assert described(share_targets.share_targets(anna, "MULLER")) == [
        (DIALOG, "Борис Müller"), (COMMUNITY, "Muller fans")]
    assert described(share_targets.share_targets(anna, "шахм")) == [(GROUP, "Шахматы")]
    assert described(share_targets.share_targets(anna, "vera")) == [(DIALOG, "Vera [b]Bold[/b]")]
    assert share_targets.share_targets(anna, "nobody here") == []
    assert described(share_targets.share_targets(anna, "  "))[0] == (WALL, "")


# ---------------------------------------------------------------- sharing a track

@pytest.fixture
def song(people):
    from models import tracks
    from music.synth import tone, with_tags

    data = with_tags(tone(440, 0.5), title="[b]Song[/b]", artist="Band")
    return tracks.import_track(people[0], data, filename="song.wav")


def track_cards(views) -> list[tuple[str, str]]:
    return [(a.kind, a.track.title) for view in views for a in view.attachments]


def test_a_track_shared_into_a_dialog_reaches_the_peer_without_a_copy(people, song):
    from models import dialogs, track_shares
    from models.schema import Media

    anna, boris, _vera = people
    files = Media.select().count()
    messages.send_message(anna, boris, "hi", "c-0")
    dialog = next(t for t in share_targets.share_targets(anna) if t.kind == DIALOG)
    sent = track_shares.share_track(anna, dialog, song.id, "share-1")
    again = track_shares.share_track(anna, dialog, song.id, "share-1")  # a retry
    assert again.id == sent.id
    seen = dialogs.history(boris, anna)
    assert [m.text for m in seen] == ["", "hi"]
    assert track_cards(seen) == [("track", "[b]Song[/b]")]
    assert seen[0].attachments[0].track.id == song.id
    assert Media.select().count() == files  # the catalogue's file, nothing copied


def test_a_track_shared_with_a_person_never_written_to(people, song):
    from models import dialogs, track_shares
    from models.share_targets import ShareTarget

    anna, _boris, vera = people
    track_shares.share_track(anna, ShareTarget(DIALOG, "Vera", "vera", peer_id=vera), song.id,
                             "share-2")
    assert track_cards(dialogs.history(vera, anna)) == [("track", "[b]Song[/b]")]


def test_a_track_shared_into_a_group_and_as_posts(people, song):
    from models import conversations, posts, track_shares

    anna, boris, vera = people
    team = groups.create_group(anna, "Team", [boris, vera])
    club = communities.create_community(anna, "Club")
    by_kind = {t.kind: t for t in share_targets.share_targets(anna)}
    track_shares.share_track(anna, by_kind[GROUP], song.id, "share-3")
    track_shares.share_track(anna, by_kind[WALL], song.id, "unused")
    track_shares.share_track(anna, by_kind[COMMUNITY], song.id, "unused")
    group_page = conversations.history_of(vera, team)
    assert track_cards(group_page[:1]) == [("track", "[b]Song[/b]")]
    wall = posts.posts_by_author(boris, anna).items
    assert [(p.community_id, track_cards([p])) for p in wall] == [
        (club.id, [("track", "[b]Song[/b]")]), (None, [("track", "[b]Song[/b]")])]


def test_a_track_gone_from_the_catalogue_shares_nothing(people, song):
    from models import dialogs, posts, track_shares
    from models.errors import NotFoundError
    from models.schema import Media

    anna, boris, _vera = people
    messages.send_message(anna, boris, "hi", "c-0")
    dialog = next(t for t in share_targets.share_targets(anna) if t.kind == DIALOG)
    Media.delete().where(Media.id == song.media_id).execute()
    for target in (dialog, share_targets.ShareTarget(WALL, "")):
        with pytest.raises(NotFoundError):
            track_shares.share_track(anna, target, song.id, "share-4")
    assert [m.text for m in dialogs.history(boris, anna)] == ["hi"]
    assert posts.posts_by_author(boris, anna).items == ()
