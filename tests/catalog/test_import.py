import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.catalog.importers.records import ChannelRecord, Deadline, DocumentRecord, Parsed
from motcua.catalog.models import AgencyProcedure, Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.services import import_catalog, publish_version, start_new_draft, withdraw_procedure
from tests.factories import agency, record

pytestmark = pytest.mark.django_db


def parsed(*records):
    return [Parsed(position=i, code=r.code, record=r) for i, r in enumerate(records, start=1)]


def test_import_creates_published_procedures_with_their_channels_documents_and_fees():
    report = import_catalog(parsed=parsed(record("1.000001"), record("1.000002", name="Gia hạn giấy phép xây dựng")))
    assert report.created == ["1.000001", "1.000002"]
    version = Procedure.objects.get(code="1.000001").published_version
    assert version.status == VersionStatus.PUBLISHED and version.published_at is not None
    counter = version.channels.get(channel="counter")
    assert (counter.deadline_amount, counter.deadline_unit) == (Decimal(15), "working_day")
    assert [(f.label, f.amount) for f in counter.fees.all()] == [("Lệ phí", 150000)]
    assert next((d.name, d.originals, d.copies) for d in version.documents.all()) == (
        "Đơn đề nghị cấp giấy phép xây dựng",
        1,
        0,
    )
    assert version.field.name == "Hoạt động xây dựng"
    assert version.search_text.startswith("1 000001 cap giay phep xay dung")


def test_the_same_records_twice_change_nothing():
    import_catalog(parsed=parsed(record("1.000001"), record("1.000002")))
    again = import_catalog(parsed=parsed(record("1.000001"), record("1.000002")))
    assert (again.created, again.new_version, again.unchanged) == ([], [], ["1.000001", "1.000002"])
    assert ProcedureVersion.objects.count() == 2


def test_a_changed_record_makes_a_new_version_and_keeps_the_old_one_untouched():
    import_catalog(parsed=parsed(record("1.000001")))
    old = Procedure.objects.get(code="1.000001").published_version
    changed = record(
        "1.000001", channels=[ChannelRecord("counter", Deadline(Decimal(10), "working_day", "10 Ngày làm việc"))]
    )
    report = import_catalog(parsed=parsed(changed))
    assert report.new_version == ["1.000001"]
    procedure = Procedure.objects.get(code="1.000001")
    assert procedure.published_version.number == 2
    assert procedure.latest_version == procedure.published_version
    old.refresh_from_db()
    assert old.status == VersionStatus.SUPERSEDED and not old.is_latest
    assert old.channels.get(channel="counter").deadline_amount == 15  # what a dossier pinned to v1 still sees


def test_one_bad_record_neither_blocks_nor_half_writes_the_others():
    good = record("1.000001")
    too_long_code = record("9" * 40)
    # The database refuses a negative count only after the version row is written: nothing may remain.
    refused_late = record("1.000003", documents=[DocumentRecord("Tờ khai", originals=-1)])
    items = [Parsed(position=1, code="", error="line 1 is not valid JSON"), *parsed(good, too_long_code, refused_late)]
    report = import_catalog(parsed=items)
    assert report.created == ["1.000001"]
    assert [(f.position, f.code) for f in report.failed] == [(1, ""), (2, "9" * 40), (3, "1.000003")]
    assert "line 1 is not valid JSON" in report.failed[0].reason
    assert not Procedure.objects.filter(code__in=["9" * 40, "1.000003"]).exists()
    assert ProcedureVersion.objects.count() == 1


def test_a_code_twice_in_one_file_is_reported():
    report = import_catalog(parsed=parsed(record("1.000001"), record("1.000001", name="Khác")))
    assert report.created == ["1.000001"] and len(report.failed) == 1


def test_import_as_draft_keeps_it_from_citizens_until_published():
    import_catalog(parsed=parsed(record("1.000001")), publish=False)
    procedure = Procedure.objects.get(code="1.000001")
    assert procedure.published_version is None and procedure.latest_version.status == VersionStatus.DRAFT
    publish_version(version=procedure.latest_version)
    procedure.refresh_from_db()
    assert procedure.published_version.number == 1


def test_a_published_version_cannot_be_edited_and_a_draft_can():
    import_catalog(parsed=parsed(record("1.000001")))
    version = Procedure.objects.get(code="1.000001").published_version
    version.name = "Tên khác"
    with pytest.raises(ValidationError):
        version.save()
    draft = start_new_draft(procedure=version.procedure)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert draft.documents.count() == 3 and draft.channels.count() == 2
    draft.name = "Cấp giấy phép xây dựng (sửa đổi)"
    draft.save()  # drafts are editable
    version.procedure.refresh_from_db()
    assert version.procedure.published_version_id == version.pk  # citizens still see v1


def test_only_one_published_and_one_latest_version_per_procedure_at_database_level():
    import_catalog(parsed=parsed(record("1.000001")))
    v1 = ProcedureVersion.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureVersion.objects.create(procedure=v1.procedure, number=2, status="published", is_latest=False, name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureVersion.objects.create(procedure=v1.procedure, number=3, status="draft", is_latest=True, name="x")


def test_withdrawn_procedures_leave_the_public_catalog_but_keep_their_versions():
    import_catalog(parsed=parsed(record("1.000001")))
    procedure = Procedure.objects.get(code="1.000001")
    withdraw_procedure(procedure=procedure)
    procedure.refresh_from_db()
    assert procedure.published_version is None
    assert procedure.versions.get().status == VersionStatus.WITHDRAWN


def test_procedures_are_attached_to_agencies_by_implementing_agency_and_level():
    construction = agency("000.00.06.H99", "Sở Xây dựng", catalog_names=["Sở Xây dựng"])
    commune = agency(
        "000.00.61.H99",
        "UBND phường Hòa An",
        level="commune",
        kind="commune_committee",
        catalog_names=["Ủy ban nhân dân cấp xã"],
    )
    report = import_catalog(
        parsed=parsed(
            record("1.000001", agency="Sở Xây dựng các tỉnh, thành phố"),
            record("1.000002", agency="Uỷ ban nhân dân cấp xã", levels=["commune"]),
            record("1.000003", agency="Ủy ban nhân dân cấp xã", levels=["province"]),  # wrong level for a commune
            record("1.000004", agency="Bộ Xây dựng", levels=["ministry"]),
        )
    )
    assert report.attached == 2
    links = set(AgencyProcedure.objects.values_list("agency__code", "procedure__code"))
    assert links == {(construction.code, "1.000001"), (commune.code, "1.000002")}


def test_a_commune_level_procedure_naming_no_agency_goes_to_every_commune():
    communes = [
        agency(
            f"000.00.6{i}.H99", f"UBND xã {i}", level="commune", kind="commune_committee", catalog_names=["UBND cấp xã"]
        )
        for i in range(1, 3)
    ]
    import_catalog(parsed=parsed(record("1.000001", agency="", competent_agency="", levels=["commune"])))
    assert set(AgencyProcedure.objects.values_list("agency_id", flat=True)) == {c.pk for c in communes}


def test_the_competent_agency_decides_when_no_implementing_agency_is_named():
    construction = agency("000.00.06.H99", "Sở Xây dựng", catalog_names=["Sở Xây dựng"])
    import_catalog(parsed=parsed(record("1.000001", agency="", competent_agency="Sở Xây dựng")))
    assert AgencyProcedure.objects.get().agency == construction


def test_an_import_overtaking_a_draft_publishes_and_supersedes_both_older_versions():
    import_catalog(parsed=parsed(record("1.000001")))
    v1 = Procedure.objects.get(code="1.000001").published_version
    v2 = start_new_draft(procedure=v1.procedure)
    import_catalog(parsed=parsed(record("1.000001", result="Giấy phép xây dựng (mẫu mới)")))
    procedure = Procedure.objects.get(code="1.000001")
    assert procedure.published_version.number == 3 and procedure.latest_version.number == 3
    statuses = dict(procedure.versions.values_list("number", "status"))
    assert statuses == {1: VersionStatus.SUPERSEDED, 2: VersionStatus.SUPERSEDED, 3: VersionStatus.PUBLISHED}
    assert v2.pk != procedure.published_version.pk


def test_the_import_report_speaks_vietnamese_by_default(tmp_path):
    from django.core.management import call_command

    path = tmp_path / "bad.jsonl"
    path.write_text('{"ma_thu_tuc": "1.000001"}\nnot json\n', encoding="utf-8")
    out = io.StringIO()
    call_command("import_catalog", str(path), "--format", "national-portal", "--no-progress", stdout=out)
    assert "thủ tục 1.000001 không có tên" in out.getvalue()
    assert "dòng 2 không phải JSON hợp lệ" in out.getvalue()
