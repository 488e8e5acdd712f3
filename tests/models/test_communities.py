"""Communities: founding, editing, joining, leaving, lists and members."""

from __future__ import annotations

import pytest
from playhouse.test_utils import count_queries

from models import communities, posts
from models.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from models.schema import Community, Membership, Post, PostLike


@pytest.fixture
def anna(make_user):
    return make_user("anna", "Анна", "Иванова").id


@pytest.fixture
def boris(make_user):
    return make_user("boris", "Борис", "Петров").id


def test_create_community_owner_is_member(anna, frozen_clock):
    """A new community shows its name, description, owner and one member: the owner."""
    c = communities.create_community(anna, "  Любители кошек ", "Всё о котах.\n")
    assert (c.name, c.about) == ("Любители кошек", "Всё о котах.")
    assert c.owner.login == "anna"
    assert (c.member_count, c.is_member) == (1, True)
    assert c.created_at == frozen_clock
    assert [m.login for m in communities.members(c.id).items] == ["anna"]


@pytest.mark.parametrize("name", ["", "ab", "  ab  ", "\x1b\x1bab", "я" * 81])
def test_name_length_is_checked(anna, name):
    """Names of fewer than 3 or more than 80 characters are refused at the name field."""
    with pytest.raises(ValidationError) as err:
        communities.create_community(anna, name)
    assert err.value.field == "name"
    assert Community.select().count() == 0


def test_name_limits_inclusive(anna):
    assert communities.create_community(anna, "abc").name == "abc"
    assert communities.create_community(anna, "я" * 80).name == "я" * 80


def test_about_length_is_checked(anna):
    with pytest.raises(ValidationError) as err:
        communities.create_community(anna, "Cats", "x" * 2001)
    assert err.value.field == "about"


@pytest.mark.parametrize("twin", ["КОШКИ", "кошки", "  Кошки  ", "Кошки\x1b"])
def test_name_unique_ignoring_case(anna, boris, twin):
    """A name that differs only in case is taken; the error points at the name."""
    communities.create_community(anna, "Кошки")
    with pytest.raises(ConflictError) as err:
        communities.create_community(boris, twin)
    assert err.value.field == "name" and "already exists" in err.value.message


def test_yo_names_collide_with_ye(anna, boris):
    """"Ёлки" and "Елки" are the same name for people searching, so both cannot exist."""
    communities.create_community(anna, "Ёлки")
    with pytest.raises(ConflictError):
        communities.create_community(boris, "елки")


def test_markup_and_control_characters(anna):
    """Markup-like names are kept literally; control and bidi characters are dropped."""
    c = communities.create_community(anna, "[bold red]x[/]\u202e", "a\x1b[2Jb\u2066")
    assert (c.name, c.about) == ("[bold red]x[/]", "a[2Jb")
    row = Community.get_by_id(c.id)
    assert (row.name, row.about) == ("[bold red]x[/]", "a[2Jb")


def test_unknown_owner(db):
    with pytest.raises(NotFoundError):
        communities.create_community(999, "Cats")


def test_update_by_owner(anna, boris):
    """The owner renames the community and changes its description."""
    c = communities.create_community(anna, "Cats")
    other = communities.create_community(boris, "Dogs")
    updated = communities.update_community(anna, c.id, name="Кошки", about="мяу")
    assert (updated.name, updated.about) == ("Кошки", "мяу")
    # Renaming to my own name in another case is fine; to someone else's is not.
    assert communities.update_community(anna, c.id, name="КОШКИ").name == "КОШКИ"
    with pytest.raises(ConflictError) as err:
        communities.update_community(anna, c.id, name="dogs")
    assert err.value.field == "name"
    with pytest.raises(ValidationError):
        communities.update_community(anna, c.id, name="x")
    assert communities.get_community(anna, c.id).name == "КОШКИ"
    assert communities.get_community(anna, other.id).name == "Dogs"


def test_update_and_delete_by_others_refused(anna, boris):
    """Only the owner edits or deletes a community, even a member cannot."""
    c = communities.create_community(anna, "Cats")
    communities.join(boris, c.id)
    with pytest.raises(PermissionDeniedError):
        communities.update_community(boris, c.id, name="Mine")
    with pytest.raises(PermissionDeniedError):
        communities.delete_community(boris, c.id)
    assert communities.get_community(boris, c.id).name == "Cats"
    with pytest.raises(NotFoundError):
        communities.update_community(anna, 999, name="Nope")
    with pytest.raises(NotFoundError):
        communities.delete_community(anna, 999)


def test_delete_removes_members_posts_and_likes(anna, boris):
    c = communities.create_community(anna, "Cats")
    communities.join(boris, c.id)
    post = communities.post_to_community(boris, c.id, "мяу")
    posts.like_post(anna, post.id)
    communities.delete_community(anna, c.id)
    with pytest.raises(NotFoundError):
        communities.get_community(anna, c.id)
    assert (Membership.select().count(), Post.select().count(), PostLike.select().count()) == (
        0, 0, 0)


def test_join_and_leave(anna, boris):
    """Joining twice counts once; leaving takes me out; leaving twice is harmless."""
    c = communities.create_community(anna, "Cats")
    joined = communities.join(boris, c.id)
    assert (joined.member_count, joined.is_member) == (2, True)
    assert communities.join(boris, c.id).member_count == 2
    left = communities.leave(boris, c.id)
    assert (left.member_count, left.is_member) == (1, False)
    assert communities.leave(boris, c.id).member_count == 1
    assert communities.get_community(anna, c.id).is_member is True


def test_owner_cannot_leave(anna):
    """The owner is told to delete the community instead of leaving it."""
    c = communities.create_community(anna, "Cats")
    with pytest.raises(ValidationError) as err:
        communities.leave(anna, c.id)
    assert "Delete the community" in err.value.message
    assert communities.get_community(anna, c.id).member_count == 1


def test_join_or_leave_missing_community(anna):
    with pytest.raises(NotFoundError):
        communities.join(anna, 999)
    with pytest.raises(NotFoundError):
        communities.leave(anna, 999)
    with pytest.raises(NotFoundError):
        communities.get_community(anna, 999)
    with pytest.raises(NotFoundError):
        communities.members(999)


def test_post_to_community_members_only(anna, boris):
    c = communities.create_community(anna, "Cats")
    with pytest.raises(PermissionDeniedError):
        communities.post_to_community(boris, c.id, "hi")
    communities.join(boris, c.id)
    post = communities.post_to_community(boris, c.id, "[b]hi[/b]")
    assert (post.community_name, post.text) == ("Cats", "[b]hi[/b]")
    assert [p.text for p in posts.community_posts(anna, c.id).items] == ["[b]hi[/b]"]


def test_my_communities(anna, boris):
    """My list holds the communities I belong to, by name, with counts."""
    b = communities.create_community(anna, "Birds")
    communities.create_community(boris, "Dogs")
    a = communities.create_community(boris, "ants")
    communities.join(anna, a.id)
    mine = communities.my_communities(anna)
    assert [(c.name, c.member_count, c.is_member) for c in mine] == [
        ("ants", 2, True), ("Birds", 1, True)]
    assert mine[0].owner.login == "boris"
    communities.leave(anna, a.id)
    assert [c.id for c in communities.my_communities(anna)] == [b.id]


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u3164\u3164\u3164", "\u2800 \u2800 \u2800"])
def test_a_community_name_of_only_invisible_characters_is_refused(anna, name):
    """A community needs a name people can see, when founded and when renamed."""
    with pytest.raises(ValidationError) as caught:
        communities.create_community(anna, name)
    assert caught.value.field == "name" and "invisible" in caught.value.message
    cats = communities.create_community(anna, "Cats")
    with pytest.raises(ValidationError) as caught:
        communities.update_community(anna, cats.id, name=name)
    assert caught.value.field == "name" and "invisible" in caught.value.message
    assert communities.get_community(anna, cats.id).name == "Cats"


def test_all_communities_search(anna, boris):
    """The catalogue finds communities by the start of any word of the name, in any case."""
    for name in ("Любители кошек", "Кошки и собаки", "Dogs", "Ёжики"):
        communities.create_community(anna, name)
    def names(q):
        return [c.name for c in communities.all_communities(boris, q).items]
    assert names("") == ["Dogs", "Ёжики", "Кошки и собаки", "Любители кошек"]
    assert names("КОШ") == ["Кошки и собаки", "Любители кошек"]
    assert names("собак") == ["Кошки и собаки"]
    assert names("ежик") == ["Ёжики"]
    assert names("100%") == [] and names("_") == []
    page = communities.all_communities(boris, "dogs")
    assert (page.items[0].is_member, page.items[0].member_count) == (False, 1)


def test_community_search_ignores_accents_and_knows_the_other_spelling(anna, boris):
    """"cafe" finds "Café Müller", and so do "muller" and "mueller"; a rename
    is searched under its new name. Names stay unique ignoring case only. A
    query goes on over the next word; it starts at a word's start (schema 16:
    "fe mu", from inside "café", finds nothing)."""
    cafe = communities.create_community(anna, "Café Müller")
    communities.create_community(anna, "Йога по утрам")
    def names(q):
        return [c.name for c in communities.all_communities(boris, q).items]
    for query in ("cafe", "CAFÉ", "muller", "mueller", "Müller", "cafe mu", "café MÜ"):
        assert names(query) == ["Café Müller"], query
    assert names("fe mu") == [] and names("uller") == []
    assert names("йога") == ["Йога по утрам"] and names("иога") == []
    communities.update_community(anna, cafe.id, name="Crème brûlée")
    assert names("creme brulee") == ["Crème brûlée"] and names("cafe") == []
    assert communities.create_community(anna, "Creme brulee").name == "Creme brulee"
    with pytest.raises(ConflictError):
        communities.create_community(anna, "CRÈME BRÛLÉE")


def test_all_communities_paging(anna):
    """Scrolling the catalogue shows every community once, by name."""
    for i in range(13):
        communities.create_community(anna, f"Community {i:02d}")
    seen, cursor = [], None
    while True:
        page = communities.all_communities(anna, "commun", cursor=cursor, limit=4)
        seen.extend(c.name for c in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [f"Community {i:02d}" for i in range(13)]
    with pytest.raises(ValidationError):
        communities.all_communities(anna, cursor=42)


def test_members_paging(anna, make_user):
    """The member list pages by surname and shows every member once."""
    c = communities.create_community(anna, "Cats")
    ids = {anna}
    for i in range(11):
        uid = make_user(f"m{i}", "Имя", f"Фамилия{i % 4}").id
        communities.join(uid, c.id)
        ids.add(uid)
    make_user("outsider", "Не", "Член")
    seen, cursor = [], None
    while True:
        page = communities.members(c.id, cursor=cursor, limit=5)
        seen.extend(page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == 12 and {u.id for u in seen} == ids
    keys = [(u.last_name, u.first_name, u.id) for u in seen]
    assert keys == sorted(keys)


def test_lists_cost_one_query_however_many(anna, make_user):
    """Member counts come with the list: no query per community."""
    users = [make_user(f"u{i}").id for i in range(5)]
    for i in range(10):
        c = communities.create_community(users[i % 5], f"Group {i}")
        communities.join(anna, c.id)
        for u in users[: i % 5]:
            communities.join(u, c.id)
    with count_queries() as counter:
        mine = communities.my_communities(anna)
    assert counter.count == 1 and len(mine) == 10
    with count_queries() as counter:
        page = communities.all_communities(anna, limit=50)
    assert counter.count == 1 and len(page.items) == 10
    counts = {c.name: c.member_count for c in page.items}
    assert counts["Group 0"] == 2 and counts["Group 4"] == 6


def test_community_lists_use_indexes(anna, boris, query_plans):
    """My communities, the catalogue and a member list read indexes, not whole tables."""
    a = communities.create_community(anna, "Cats")
    communities.create_community(boris, "Dogs")
    communities.join(boris, a.id)
    with query_plans() as plans:
        communities.my_communities(boris)
        page = communities.all_communities(boris, limit=1)
        communities.all_communities(boris, cursor=page.next_cursor, limit=1)
        communities.members(a.id, limit=1)
    assert len(plans.queries) == 5  # members also checks that the community exists
    assert plans.full_scans() == []


def test_name_race_still_reports_the_name(anna, boris, monkeypatch):
    """Two people founding "Cats" at the same moment: the check before the
    insert sees no twin for either, the unique index stops the second, and
    they are still told the name is taken (not a database failure)."""
    communities.create_community(anna, "Cats")
    monkeypatch.setattr(communities, "_name_taken", lambda key, except_id=None: False)
    with pytest.raises(ConflictError) as err:
        communities.create_community(boris, "CATS")
    assert err.value.field == "name"
    assert [c.name for c in communities.all_communities(boris).items] == ["Cats"]
    assert communities.create_community(boris, "Dogs").member_count == 1
