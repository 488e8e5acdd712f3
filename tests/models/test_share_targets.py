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
