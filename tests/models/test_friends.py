"""Friend requests, friendships and how two people relate."""

from __future__ import annotations

import pytest
from playhouse.test_utils import count_queries

from models import friends
from models.errors import ConflictError, NotFoundError, ValidationError
from models.schema import Friendship
from models.views import Relation


@pytest.fixture
def people(make_user):
    """Anna, Boris, Clara and Dora (ids in that order)."""
    return (
        make_user("anna", "Анна", "Иванова").id,
        make_user("boris", "Борис", "Петров").id,
        make_user("clara", "Clara", "Smith").id,
        make_user("dora", "Дора", "Алексеева").id,
    )


def names(refs) -> list[str]:
    return [r.login for r in refs]


def test_request_then_accept(people):
    """Anna asks Boris; he sees it, says yes; both see each other as friends."""
    anna, boris, *_ = people
    assert friends.send_request(anna, boris) is Relation.REQUEST_SENT
    assert friends.relation(anna, boris) is Relation.REQUEST_SENT
    assert friends.relation(boris, anna) is Relation.REQUEST_RECEIVED
    assert names(friends.outgoing_requests(anna)) == ["boris"]
    assert names(friends.incoming_requests(boris)) == ["anna"]
    assert friends.incoming_requests(anna) == [] and friends.outgoing_requests(boris) == []
    assert friends.accept_request(boris, anna) is Relation.FRIENDS
    assert friends.relation(anna, boris) is Relation.FRIENDS
    assert friends.relation(boris, anna) is Relation.FRIENDS
    assert names(friends.friends(anna)) == ["boris"]
    assert names(friends.friends(boris)) == ["anna"]
    assert friends.incoming_requests(boris) == [] and friends.outgoing_requests(anna) == []


def test_mutual_requests_become_friendship(people):
    """If Boris already asked Anna, her request to him makes them friends."""
    anna, boris, *_ = people
    friends.send_request(boris, anna)
    assert friends.send_request(anna, boris) is Relation.FRIENDS
    assert friends.relation(boris, anna) is Relation.FRIENDS
    assert Friendship.select().count() == 1


def test_repeated_request_is_idempotent(people):
    """Pressing "add friend" twice sends one request."""
    anna, boris, *_ = people
    friends.send_request(anna, boris)
    assert friends.send_request(anna, boris) is Relation.REQUEST_SENT
    assert Friendship.select().count() == 1
    assert names(friends.incoming_requests(boris)) == ["anna"]


def test_request_to_self_is_refused(people):
    anna, *_ = people
    with pytest.raises(ValidationError) as err:
        friends.send_request(anna, anna)
    assert "own friend" in err.value.message
    assert friends.relation(anna, anna) is Relation.SELF


def test_request_to_a_friend_is_a_conflict(people):
    """Asking a friend again says you are already friends."""
    anna, boris, *_ = people
    friends.send_request(anna, boris)
    friends.accept_request(boris, anna)
    for sender, receiver in ((anna, boris), (boris, anna)):
        with pytest.raises(ConflictError) as err:
            friends.send_request(sender, receiver)
        assert "already friends" in err.value.message
    assert friends.relation(anna, boris) is Relation.FRIENDS


def test_request_to_unknown_person(people):
    anna, *_ = people
    with pytest.raises(NotFoundError):
        friends.send_request(anna, 999)
    with pytest.raises(NotFoundError):
        friends.send_request(999, anna)


def test_accept_without_request(people):
    """Accepting a request nobody sent is refused; so is accepting my own."""
    anna, boris, clara, _ = people
    with pytest.raises(NotFoundError):
        friends.accept_request(anna, boris)
    friends.send_request(anna, clara)
    with pytest.raises(NotFoundError):
        friends.accept_request(anna, clara)  # Anna sent it; only Clara may accept
    assert friends.relation(anna, clara) is Relation.REQUEST_SENT


def test_accept_twice_is_harmless(people):
    anna, boris, *_ = people
    friends.send_request(anna, boris)
    friends.accept_request(boris, anna)
    assert friends.accept_request(boris, anna) is Relation.FRIENDS


def test_decline_request(people):
    """Declining removes the request; the asker may ask again later."""
    anna, boris, *_ = people
    friends.send_request(anna, boris)
    friends.decline_request(boris, anna)
    assert friends.relation(anna, boris) is Relation.NONE
    assert friends.incoming_requests(boris) == []
    with pytest.raises(NotFoundError):
        friends.decline_request(boris, anna)
    assert friends.send_request(anna, boris) is Relation.REQUEST_SENT


def test_decline_cannot_undo_a_friendship(people):
    anna, boris, *_ = people
    friends.send_request(anna, boris)
    friends.accept_request(boris, anna)
    with pytest.raises(NotFoundError):
        friends.decline_request(boris, anna)
    assert friends.relation(anna, boris) is Relation.FRIENDS


def test_cancel_request(people):
    """The asker can take a request back; the other person cannot "cancel" it."""
    anna, boris, *_ = people
    friends.send_request(anna, boris)
    with pytest.raises(NotFoundError):
        friends.cancel_request(boris, anna)
    friends.cancel_request(anna, boris)
    assert friends.relation(boris, anna) is Relation.NONE
    with pytest.raises(NotFoundError):
        friends.cancel_request(anna, boris)


def test_remove_friend(people):
    """Either friend can end the friendship; ending it twice is refused."""
    anna, boris, *_ = people
    friends.send_request(anna, boris)
    with pytest.raises(NotFoundError):
        friends.remove_friend(anna, boris)  # only a request so far
    friends.accept_request(boris, anna)
    friends.remove_friend(boris, anna)
    assert friends.relation(anna, boris) is Relation.NONE
    assert friends.friends(anna) == []
    with pytest.raises(NotFoundError):
        friends.remove_friend(anna, boris)


@pytest.mark.parametrize("action", ["accept_request", "decline_request", "cancel_request",
                                    "remove_friend"])
def test_actions_on_self_are_refused(people, action):
    anna, *_ = people
    with pytest.raises(ValidationError):
        getattr(friends, action)(anna, anna)


def test_lists_sorted_by_last_then_first_name(people, make_user):
    """Friends and requests are listed alphabetically by surname."""
    anna, boris, clara, dora = people
    eve = make_user("eve", "Ева", "Иванова").id
    for other in (boris, clara, dora, eve):  # both lo and hi sides of the pair
        friends.send_request(other, anna)
    assert names(friends.incoming_requests(anna)) == ["clara", "dora", "eve", "boris"]
    for other in (boris, clara, dora, eve):
        friends.accept_request(anna, other)
    assert names(friends.friends(anna)) == ["clara", "dora", "eve", "boris"]
    ref = friends.friends(anna)[0]
    assert (ref.first_name, ref.last_name, ref.avatar_id) == ("Clara", "Smith", None)


def test_friend_lists_do_not_mix(people):
    """A friend is not a request, and a request is not a friend."""
    anna, boris, clara, dora = people
    friends.send_request(anna, boris)
    friends.accept_request(boris, anna)
    friends.send_request(anna, clara)
    friends.send_request(dora, anna)
    assert names(friends.friends(anna)) == ["boris"]
    assert names(friends.outgoing_requests(anna)) == ["clara"]
    assert names(friends.incoming_requests(anna)) == ["dora"]
    assert friends.friends(clara) == [] and names(friends.incoming_requests(clara)) == ["anna"]


def test_relation_and_lists_cost_one_query(people):
    anna, boris, clara, dora = people
    for other in (boris, clara, dora):
        friends.send_request(anna, other)
        friends.accept_request(other, anna)
    with count_queries() as counter:
        friends.relation(anna, boris)
    assert counter.count == 1
    with count_queries() as counter:
        assert len(friends.friends(anna)) == 3
    assert counter.count == 1


def test_friend_lists_use_indexes(people, query_plans):
    anna, boris, clara, dora = people
    friends.send_request(anna, boris)
    friends.send_request(clara, anna)
    friends.accept_request(anna, clara)
    friends.send_request(dora, anna)
    with query_plans() as plans:
        friends.friends(anna)
        friends.incoming_requests(anna)
        friends.outgoing_requests(anna)
        friends.relation(anna, boris)
    assert len(plans.queries) == 4
    assert plans.full_scans() == []
