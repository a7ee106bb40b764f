"""The demo plays dossiers across agencies and levels, and the group procedure 2.001023 with its two results."""

import pytest

from motcua.core.models import Agency
from motcua.demo.build import build_demo
from motcua.demo.lienthong import play_lienthong
from motcua.dossiers.models import Dossier, DossierResult, Handover

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_demo_has_dossiers_crossing_levels_and_a_group_procedure(shared_catalog, settings):
    settings.DEMO_PLAY_DOSSIERS = True  # the played dossiers (the fully online one signs with a PKCS#12 key here)
    result = build_demo(catalog_dir=shared_catalog)
    assert any(line.startswith("Fully online dossier: 000.00.03.H99-") for line in result.online), result.online
    lines = [line for line in result.online if line.startswith("Liên thông")]
    assert len(lines) >= 4, result.online
    kinds = set(Handover.objects.values_list("from_agency__level", "to_agency__level"))
    assert ("commune", "province") in kinds and ("province", "commune") in kinds
    assert Handover.objects.filter(kind="send_back", to_agency__code="000.00.07.H99").exists()
    assert Handover.objects.filter(to_agency__kind="central_branch").exists()  # a department → a central branch
    returned = Dossier.objects.filter(state="returned", handovers__isnull=False).distinct()
    assert returned.filter(agency__level="commune").exists()
    group = (
        Dossier.objects.filter(procedure__code="2.001023", results__isnull=False, state="result_ready").distinct().get()
    )
    parts = DossierResult.objects.filter(dossier=group).order_by("position")
    assert [p.name for p in parts] == ["Giấy khai sinh", "Thẻ bảo hiểm y tế"] and all(p.file_id for p in parts)
    assert parts[1].agency.kind == "central_branch"
    # Played once: a re-run adds nothing.
    before = Handover.objects.count()
    agencies = {a.code: a for a in Agency.objects.all()}
    assert "played before" in play_lienthong(agencies)[0] and Handover.objects.count() == before
