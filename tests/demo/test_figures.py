"""The demo year's statistics: recounted after the bulk history, equal to a second recount, and true to the
dossiers they count; every stored file of the demo is on disk."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from motcua.core.models import Agency
from motcua.demo import province as p
from motcua.demo.build import TARGETS, build_demo
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, StoredFile
from motcua.stats.models import DayFigures, MonthFigures, OfficerDay, RatingDay, StepMonth, Target
from motcua.stats.selectors.figures import Scope, summary
from motcua.stats.services.rebuild import rebuild_figures

pytestmark = pytest.mark.django_db

COUNT = 400


@pytest.fixture
def demo(tmp_path):
    result = build_demo(catalog_dir=tmp_path / "absent", dossiers=COUNT)  # the built-in sample catalog: quick
    assert result.dossiers_generated == COUNT and result.figures_seconds > 0
    return result


def _rows() -> dict[str, list[tuple]]:
    def dump(model) -> list[tuple]:
        names = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
        return sorted(model.objects.values_list(*names))

    return {m.__name__: dump(m) for m in (DayFigures, MonthFigures, OfficerDay, StepMonth, RatingDay)}


def _scope() -> Scope:
    first = Dossier.objects.order_by("submitted_at").values_list("submitted_at", flat=True)[0]
    return Scope(start=timezone.localdate(first).replace(day=1), end=timezone.localdate())


def test_the_demo_has_its_figures_and_a_recount_gives_the_same(demo):
    kept = _rows()
    assert kept["DayFigures"] and kept["MonthFigures"] and kept["StepMonth"] and kept["RatingDay"]
    scope = _scope()
    rebuild_figures(start=scope.start, end=scope.end, province_id=Agency.objects.get(code=p.PEOPLES_COMMITTEE.code).pk)
    assert _rows() == kept


def test_the_demos_figures_agree_with_its_dossiers(demo):
    scope = _scope()
    figures = summary(scope)
    dossiers = Dossier.objects.all()
    resolved = dossiers.filter(state__in=("result_ready", "returned"))
    assert figures.received == dossiers.count() == COUNT
    assert figures.resolved == resolved.count()
    assert figures.resolved_late == resolved.filter(timeliness="late").count() > 0
    assert figures.resolved_early == resolved.filter(timeliness="early").count()
    spot = DossierEvent.objects.filter(dossier=OuterRef("pk"), action="approve", data__on_the_spot=True)
    assert figures.on_the_spot == resolved.filter(Exists(spot)).count() > 0
    assert figures.electronic_result == resolved.filter(result_file__isnull=False).count() > 0
    unscanned = DossierDocument.objects.filter(dossier=OuterRef("pk"), files__isnull=True)
    with_documents = dossiers.filter(Exists(DossierDocument.objects.filter(dossier=OuterRef("pk"))))
    assert figures.digitised == with_documents.exclude(Exists(unscanned)).count() > 0.7 * COUNT
    assert 0 < figures.reused < figures.digitised
    assert figures.ratings > 0 and figures.satisfied_share > 0.8
    # every step finished by a forward or an approval has its timeliness in its history row
    steps = DossierEvent.objects.filter(action__in=("forward", "approve")).exclude(from_state="submitted")
    finished = [e.data for e in steps if not e.data.get("on_the_spot")]
    assert finished and all(data["step_timeliness"] in {"early", "on_time", "late", ""} for data in finished)
    assert {data["step_timeliness"] for data in finished} >= {"early", "late"}


def test_every_demo_file_is_on_disk_and_each_dossier_has_its_own_scans(demo):
    files = list(StoredFile.objects.all())
    assert len(files) > COUNT
    for stored in files:
        path = Path(settings.MEDIA_ROOT) / stored.file.name
        assert path.is_file() and path.stat().st_size == stored.size, stored.file.name
        assert path.read_bytes().startswith(b"%PDF-")
    assert len({f.file.name for f in files}) == len(files)  # no two rows share a file
    links = DossierDocument.files.through.objects.values_list("storedfile_id", "dossierdocument__dossier_id")
    dossiers_of: dict[int, set[int]] = {}
    for file_id, dossier_id in links:
        dossiers_of.setdefault(file_id, set()).add(dossier_id)
    shared = [ids for ids in dossiers_of.values() if len(ids) > 1]
    applicants = dict(Dossier.objects.values_list("pk", "applicant_id"))
    assert shared and all(len({applicants[d] for d in ids}) == 1 for ids in shared)  # reused by the same applicant


def test_running_the_demo_again_keeps_the_figures_and_the_targets(demo, tmp_path):
    kept = _rows()
    targets = dict(Target.objects.values_list("measure", "percent"))
    assert targets == {str(m): v for m, v in TARGETS.items()}
    again = build_demo(catalog_dir=tmp_path / "absent", dossiers=COUNT)
    assert again.dossiers_generated == 0 and again.figures_seconds == 0 and _rows() == kept
    more = build_demo(catalog_dir=tmp_path / "absent", dossiers=COUNT + 50)
    assert more.dossiers_generated == 50 and summary(_scope()).received == COUNT + 50
    assert Target.objects.count() == len(TARGETS)
