"""`motcua verify-history` catches each way of tampering with a dossier's history directly in the database."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.history import GENESIS, _canonical, unkeyed_hash, verify_dossier


@pytest.fixture
def handled(api):
    """A dossier received and assigned: two events, version 2, intact."""
    code = api.receive().json()["code"]
    api.act("tuphap.chuyenvien", code, "assign", 1)
    dossier = Dossier.objects.get(code=code)
    assert verify_dossier(dossier.pk) == [] and dossier.version == 2
    call_command("verify_history")
    return dossier


def tampered(dossier) -> list[str]:
    with pytest.raises(CommandError):
        call_command("verify_history")
    return verify_dossier(dossier.pk)


def test_an_edited_row(handled):
    DossierEvent.objects.filter(dossier=handled, sequence=1).update(note="sửa lén")
    assert any("was changed" in p for p in tampered(handled))


def test_a_chain_recomputed_after_an_edit(handled):
    """Whoever can write the database does not have the key: a chain re-hashed with plain SHA-256 fails."""
    previous = GENESIS
    for event in DossierEvent.objects.filter(dossier=handled).order_by("sequence"):
        event.note, event.previous_hash = "sửa lén", previous
        previous = hashlib.sha256(_canonical(event).encode()).hexdigest()
        DossierEvent.objects.filter(pk=event.pk).update(
            note=event.note, previous_hash=event.previous_hash, hash=previous
        )
    assert any("was changed" in p for p in tampered(handled))


def test_the_last_event_deleted(handled):
    DossierEvent.objects.filter(dossier=handled, sequence=2)._raw_delete(DossierEvent.objects.db)
    assert any("version 2 but its history has 1" in p for p in tampered(handled))


def test_all_events_of_a_dossier_deleted(handled):
    DossierEvent.objects.filter(dossier=handled)._raw_delete(DossierEvent.objects.db)
    assert tampered(handled) == ["the dossier has no history"]


def test_a_state_changed_with_no_event(handled):
    Dossier.objects.filter(pk=handled.pk).update(state="returned")
    ended = DossierEvent.objects.filter(dossier=handled).order_by("sequence").last().to_state
    assert f"the dossier is returned but its history ends at {ended}" in tampered(handled)


def test_rekey_rechains_an_intact_history_written_before_the_key_and_refuses_a_tampered_one(api, handled):
    other = Dossier.objects.get(code=api.receive().json()["code"])
    for dossier in (handled, other):  # as written before the key: plain SHA-256
        previous = GENESIS
        for event in DossierEvent.objects.filter(dossier=dossier).order_by("sequence"):
            event.previous_hash = previous
            previous = unkeyed_hash(event)
            DossierEvent.objects.filter(pk=event.pk).update(previous_hash=event.previous_hash, hash=previous)
    DossierEvent.objects.filter(dossier=other).update(note="sửa lén")  # then edited
    with pytest.raises(CommandError):
        call_command("verify_history", rekey=True)
    assert verify_dossier(handled.pk) == []
    assert any("was changed" in p for p in verify_dossier(other.pk))
