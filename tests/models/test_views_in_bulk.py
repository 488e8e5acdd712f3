"""Views made by position in bulk (``views.made_in_bulk``): the dialog list
makes one ``DialogSummary`` and one ``UserRef`` per dialog this way. What is
made must be the view its own constructor makes: every field in its place,
equal, hashed alike, still frozen."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from models import dialogs, messages
from models.views import DialogSummary, UserRef, made_in_bulk, make_dialog_summary, make_user_ref


def _values(cls) -> dict:
    """A distinct value for every field of ``cls``, so a swapped pair shows."""
    return {field.name: f"{field.name}-{i}" for i, field in enumerate(dataclasses.fields(cls))}


@pytest.mark.parametrize("cls, make", [(UserRef, make_user_ref),
                                       (DialogSummary, make_dialog_summary)])
def test_a_view_made_by_position_is_the_one_its_constructor_makes(cls, make):
    values = _values(cls)
    made = make(*values.values())
    assert type(made) is cls
    assert made == cls(**values)
    assert hash(made) == hash(cls(**values))
    for name, value in values.items():
        assert getattr(made, name) == value
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(next(iter(values)), "changed")


def test_every_field_must_be_given():
    with pytest.raises(TypeError):
        make_user_ref(1, "anna", "Анна", "Иванова")
    with pytest.raises(TypeError):
        made_in_bulk(UserRef)(1, "anna", "Анна", "Иванова", None, "one too many")


def test_a_dialog_row_holds_what_its_list_shows(db, crew):
    """The list's pair rows, made by position: each field where the list reads it."""
    anna, misha = crew[0], crew[1]
    messages.send_message(misha, anna, "привет", messages.new_client_id())
    messages.send_message(misha, anna, "как дела?\nвторая строка", messages.new_client_id())
    messages.send_message(anna, anna, "заметка себе", messages.new_client_id())

    rows = {(s.peer.id if s.peer else None): s for s in dialogs.dialog_list(anna).items}
    with_misha, notes = rows[misha], rows[anna]

    assert with_misha.kind == "pair" and with_misha.title is None
    assert with_misha.peer.id == misha and with_misha.peer.login
    assert with_misha.last_message_preview == "как дела?"
    assert isinstance(with_misha.last_message_at, datetime)
    assert with_misha.last_message_from_me is False
    assert with_misha.last_sender == with_misha.peer
    assert with_misha.unread_count == 2
    assert with_misha.member_count == 2
    assert (with_misha.last_system, with_misha.mention_count, with_misha.read_only,
            with_misha.role) == (None, 0, False, None)

    assert notes.peer.id == anna and notes.member_count == 1
    assert notes.last_message_from_me is True and notes.last_sender.id == anna
    assert notes.unread_count == 0
