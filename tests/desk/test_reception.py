"""The reception counter (/desk/tiep-nhan/): find, check, receive, guide, refuse, as a counter officer would."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import AgencyProcedure
from motcua.core.models import Role
from motcua.core.services import upsert_agency, upsert_staff
from motcua.dossiers import services
from motcua.dossiers.models import Applicant, Dossier, DossierDocument, ReceptionNote, StoredFile
from motcua.dossiers.services.files import store_upload
from tests.factories import procedure_version

URL = reverse("desk:reception")
REFUSED = "Một số giấy tờ đã chọn không thể sử dụng."  # one message whatever was refused
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def counter(db):
    """A province with the Department of Construction; an officer receiving for it, one for another agency."""
    root = upsert_agency(code="000.00.00.H99", name="UBND tỉnh Hòa An", level="province", kind="peoples_committee")
    construction = upsert_agency(
        code="000.00.06.H99", name="Sở Xây dựng", level="province", kind="department", parent=root
    )
    justice = upsert_agency(code="000.00.03.H99", name="Sở Tư pháp", level="province", kind="department", parent=root)
    version = procedure_version(code="1.000001", name="Cấp giấy phép xây dựng")  # 3 documents, fee 150.000 at counter
    AgencyProcedure.objects.create(agency=construction, procedure=version.procedure)
    officer = upsert_staff(
        username="xaydung.motcua", full_name="Lê Văn Tâm", password="pw", roles=[(Role.COUNTER_OFFICER, construction)]
    )
    other = upsert_staff(
        username="tuphap.motcua", full_name="Trần Thị Mai", password="pw", roles=[(Role.COUNTER_OFFICER, justice)]
    )
    return {"officer": officer, "other": other, "version": version, "construction": construction}


def form_data(**overrides) -> dict:
    data = {
        "thu_tuc": "1.000001",
        "channel": "counter",
        "agency": "000.00.06.H99",
        "id_number": "001190012345",
        "kind": "person",
        "name": "Nguyễn Thị Hương",
        "phone": "0912345678",
        "email": "huong@example.vn",
        "address": "Phường Hòa An",
        "doc-0-given": "1",
        "doc-0-originals": "1",
        "doc-0-copies": "0",
        "doc-1-given": "1",
        "doc-1-originals": "2",
        "doc-1-copies": "0",
        "doc-2-originals": "0",
        "doc-2-copies": "1",
        "fee-counter-0-amount": "150000",
        "fee-counter-0-method": "cash",
        "return_method": "counter",
        "action": "receive",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_search_without_diacritics_finds_the_procedure(client, counter):
    client.force_login(counter["officer"])
    page = client.get(URL, {"q": "giay phep xay dung"}, headers={"HX-Request": "true"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cấp giấy phép xây dựng" in html and "?thu_tuc=1.000001" in html
    assert "<html" not in html  # a fragment for htmx, not the whole page
    by_code = client.get(URL, {"q": "1.000001"}).content.decode()  # no JavaScript: the whole page
    assert "Cấp giấy phép xây dựng" in by_code and "<html" in by_code


def test_search_shows_only_procedures_of_the_officers_agencies(client, counter):
    client.force_login(counter["other"])
    html = client.get(URL, {"q": "giay phep"}, headers={"HX-Request": "true"}).content.decode()
    assert "Cấp giấy phép xây dựng" not in html
    assert "giay phep" in html  # "no procedure of your agencies matches ..."


def test_the_checklist_shows_the_documents_and_the_fee(client, counter):
    client.force_login(counter["officer"])
    html = client.get(URL, {"thu_tuc": "1.000001"}).content.decode()
    for name in (
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Bản vẽ thiết kế xây dựng",
        "Giấy tờ chứng minh quyền sử dụng đất",
    ):
        assert name in html
    assert 'name="doc-1-originals" value="2"' in html  # the published count of originals
    assert 'name="fee-counter-0-amount" value="150000"' in html
    assert "Sở Xây dựng" in html


def test_receiving_creates_the_dossier_and_opens_its_page(client, counter, settings):
    officer = counter["officer"]
    client.force_login(officer)
    scan = store_upload(data=PDF, original_name="ban-ve.pdf", user=officer)
    response = client.post(URL, form_data(**{"doc-1-file_ids": str(scan.pk)}))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:dossier", args=[dossier.code])
    assert dossier.state == "received" and dossier.applicant_name == "Nguyễn Thị Hương"
    documents = list(dossier.documents.order_by("position"))
    assert [(d.name, d.originals, d.copies) for d in documents] == [
        ("Đơn đề nghị cấp giấy phép xây dựng", 1, 0),
        ("Bản vẽ thiết kế xây dựng", 2, 0),
    ]  # the third was not ticked
    assert list(documents[1].files.values_list("pk", flat=True)) == [scan.pk]
    fee = dossier.fees.get()
    assert (fee.amount, fee.method) == (150000, "cash") and fee.paid_at
    receipt = fee.receipts.get()  # collected through the cashier's service: the e-receipt, nothing typed
    assert (
        fee.receipt_number == receipt.full_number and receipt.number == 1 and receipt.payer_name == "Nguyễn Thị Hương"
    )
    assert receipt.collector == counter["officer"] and receipt.amount == 150000
    shown = client.get(response["Location"]).content.decode()  # the message with the receipt's link
    assert f"/api/v1/dossiers/{dossier.code}/forms/01.pdf" in shown


def test_a_missing_name_is_explained_and_nothing_typed_is_lost(client, counter):
    officer = counter["officer"]
    client.force_login(officer)
    scan = store_upload(data=PDF, original_name="don.pdf", user=officer)
    page = client.post(URL, form_data(name="", **{"doc-0-file_ids": str(scan.pk), "fee-counter-0-method": "card"}))
    html = page.content.decode()
    assert page.status_code == 200 and not Dossier.objects.exists()
    assert "Nhập họ tên người nộp" in html or "Enter the applicant" in html
    assert 'value="001190012345"' in html and 'value="0912345678"' in html and '<option value="card" selected>' in html
    assert f'name="doc-0-file_ids" value="{scan.pk}"' in html  # the uploaded scan stays attached
    assert (
        'name="doc-1-originals" value="2"' in html and 'id="doc-1-given" name="doc-1-given" value="1" checked' in html
    )


def test_bad_counts_and_a_bad_payment_method_are_explained(client, counter):
    client.force_login(counter["officer"])
    html = client.post(URL, form_data(**{"doc-0-originals": "abc", "fee-counter-0-method": "online"})).content.decode()
    assert not Dossier.objects.exists()
    assert 'value="abc"' in html and html.count('class="field-error"') >= 2


def test_an_applicant_is_found_by_id_number_with_stored_documents(client, counter):
    officer = counter["officer"]
    client.force_login(officer)
    Applicant.objects.create(id_number="001190099999", name="Phạm Văn Bình", phone="0987000111", address="Xã Đông Sơn")
    earlier = client.post(URL, form_data(id_number="001190099999", name="Phạm Văn Bình", phone="0987000111"))
    assert earlier.status_code == 302  # an earlier dossier, whose land-use paper was scanned at another counter
    kept = store_upload(
        data=PDF,
        original_name="so-do.pdf",
        title="Giấy tờ chứng minh quyền sử dụng đất",
        user=counter["other"],
        applicant_id_number="001190099999",
    )
    DossierDocument.objects.get(position=2).files.add(kept)
    fresh = store_upload(data=PDF, original_name="new.pdf", user=officer, applicant_id_number="001190099999")
    html = client.get(
        URL, {"thu_tuc": "1.000001", "nguoi_nop": "1", "id_number": "001190099999"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'value="Phạm Văn Bình"' in html and 'value="0987000111"' in html
    assert f'name="reuse" value="{kept.pk}"' in html
    assert f'name="reuse" value="{fresh.pk}"' not in html  # a scan of today's dossier is not an "earlier" document
    assert re.search(rf'name="reuse_to-{kept.pk}">.*?<option value="2" selected', html, re.S)  # matched by title
    response = client.post(
        URL,
        form_data(id_number="001190099999", name="Phạm Văn Bình", reuse=str(kept.pk), **{f"reuse_to-{kept.pk}": "2"}),
    )
    assert response.status_code == 302
    third = Dossier.objects.latest("pk").documents.get(position=3)
    assert third.name == "Giấy tờ chứng minh quyền sử dụng đất" and list(third.files.all()) == [kept]


def test_a_known_applicants_details_corrected_by_hand_are_kept(client, counter):
    client.force_login(counter["officer"])
    Applicant.objects.create(id_number="001190099999", name="Phạm Văn Bình", phone="0987000111")
    params = {"thu_tuc": "1.000001", "nguoi_nop": "1", "id_number": "001190099999"}
    corrected = {**params, "looked_up": "001190099999", "name": "Phạm Văn Bình", "phone": "0900000000"}
    html = client.get(URL, corrected, headers={"HX-Request": "true"}).content.decode()
    assert 'value="0900000000"' in html
    other = {**corrected, "id_number": "079200000001"}  # another, unknown person: the last one's details go
    html = client.get(URL, other, headers={"HX-Request": "true"}).content.decode()
    assert "Phạm Văn Bình" not in html and "0900000000" not in html


def test_someone_elses_file_cannot_be_attached(client, counter):
    client.force_login(counter["officer"])
    foreign = store_upload(data=PDF, original_name="x.pdf", user=counter["other"])
    html = client.post(
        URL, form_data(**{"doc-0-file_ids": f"{foreign.pk}", "doc-1-file_ids": "987654"})
    ).content.decode()
    assert not Dossier.objects.exists()
    assert REFUSED in html  # one message: it lists no ids
    assert "987654" not in html and f'name="doc-0-file_ids" value="{foreign.pk}"' not in html


def test_typing_an_id_number_opens_no_papers_another_agency_holds(client, counter):
    """Stored documents are those of this reception's applicant that the officer's agency holds."""
    officer = counter["officer"]
    Applicant.objects.create(id_number="001190099999", name="Phạm Văn Bình")
    elsewhere = store_upload(  # scanned at the Department of Justice, in no dossier of Construction
        data=PDF,
        original_name="ho-khau.pdf",
        title="Sổ hộ khẩu",
        user=counter["other"],
        applicant_id_number="001190099999",
    )
    justice = _justice_dossier(counter, "001190099999")
    DossierDocument.objects.create(
        dossier=justice, province_id=justice.province_id, position=1, name="Sổ hộ khẩu"
    ).files.add(elsewhere)
    client.force_login(officer)
    html = client.get(
        URL, {"thu_tuc": "1.000001", "nguoi_nop": "1", "id_number": "001190099999"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f'name="reuse" value="{elsewhere.pk}"' not in html
    before = Dossier.objects.count()
    html = client.post(
        URL,
        form_data(id_number="001190099999", reuse=str(elsewhere.pk), **{f"reuse_to-{elsewhere.pk}": "0"}),
    ).content.decode()
    assert Dossier.objects.count() == before and REFUSED in html
    with pytest.raises(services.DossierError) as refused:  # the service refuses it too, whatever the page sends
        services.receive_dossier(
            officer=officer,
            procedure_code="1.000001",
            channel="counter",
            applicant=services.ApplicantInput(name="Phạm Văn Bình", id_number="001190099999"),
            documents=[services.DocumentInput(name="Sổ hộ khẩu", file_ids=[elsewhere.pk, 987654])],
        )
    assert str(refused.value.message) == REFUSED


def _justice_dossier(counter, id_number: str) -> Dossier:
    justice = upsert_agency(code="000.00.03.H99", name="Sở Tư pháp", level="province", kind="department")
    version = procedure_version(code="2.000002", name="Cấp phiếu lý lịch tư pháp")
    AgencyProcedure.objects.create(agency=justice, procedure=version.procedure)
    return services.receive_dossier(
        officer=counter["other"],
        procedure_code="2.000002",
        channel="counter",
        applicant=services.ApplicantInput(name="Phạm Văn Bình", id_number=id_number),
        documents=[],
    )


def test_a_reception_does_not_replace_a_checked_phone_unless_rechecked(client, counter):
    """A checked phone opens the applicant's dossiers to an account: typing another one does not take them over."""
    client.force_login(counter["officer"])
    Applicant.objects.create(
        id_number="001190099999",
        name="Phạm Văn Bình",
        phone="0987000111",
        email="binh@example.vn",
        checked_at=timezone.now(),
    )
    html = client.get(
        URL, {"thu_tuc": "1.000001", "nguoi_nop": "1", "id_number": "001190099999"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'name="recheck_contact"' in html
    taken = form_data(id_number="001190099999", name="Phạm Văn Bình", phone="0900000666", email="x@example.vn")
    assert client.post(URL, taken).status_code == 302
    kept = Applicant.objects.get(id_number="001190099999")
    assert (kept.phone, kept.email) == ("0987000111", "binh@example.vn")
    assert client.post(URL, {**taken, "recheck_contact": "1"}).status_code == 302
    rechecked = Applicant.objects.get(id_number="001190099999")
    assert (rechecked.phone, rechecked.email) == ("0900000666", "x@example.vn")


def test_a_scan_sent_with_the_form_is_checked_and_kept(client, counter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(counter["officer"])
    bad = SimpleUploadedFile("virus.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    html = client.post(URL, form_data(**{"doc-0-upload": bad})).content.decode()
    assert not Dossier.objects.exists() and "virus.pdf" in html and not StoredFile.objects.exists()
    good = SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")
    client.post(URL, form_data(**{"doc-0-upload": good}))
    assert Dossier.objects.get().documents.get(position=1).files.get().original_name == "don.pdf"


def test_guide_records_the_visit_and_offers_mau_02(client, counter):
    client.force_login(counter["officer"])
    response = client.post(
        URL, form_data(action="guide", reason="Thiếu bản vẽ", extra_items="Ảnh hiện trạng", **{"doc-1-given": None})
    )
    note = ReceptionNote.objects.get()
    assert note.kind == "guide" and "Bản vẽ thiết kế xây dựng" in note.items and "Ảnh hiện trạng" in note.items
    assert "Giấy tờ chứng minh quyền sử dụng đất" in note.items and not Dossier.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert f"/api/v1/visits/{note.pk}/forms/02.pdf" in page and "Thiếu bản vẽ" in page


def test_guide_and_refuse_need_a_reason(client, counter):
    client.force_login(counter["officer"])
    html = client.post(URL, form_data(action="refuse", reason="")).content.decode()
    assert not ReceptionNote.objects.exists() and 'id="rc-reason-error"' in html


def test_refuse_records_the_visit_and_offers_mau_03(client, counter):
    client.force_login(counter["officer"])
    response = client.post(URL, form_data(action="refuse", reason="Không thuộc thẩm quyền của Sở"))
    note = ReceptionNote.objects.get()
    assert note.kind == "refuse" and note.applicant_name == "Nguyễn Thị Hương"
    assert f"/api/v1/visits/{note.pk}/forms/03.pdf" in client.get(response["Location"]).content.decode()


def test_an_officer_of_another_agency_cannot_receive(client, counter):
    client.force_login(counter["other"])
    assert client.get(URL, {"thu_tuc": "1.000001"}).status_code == 404
    response = client.post(URL, form_data())
    assert response.status_code == 404 and not Dossier.objects.exists()


def test_resolve_on_the_spot_is_offered_only_for_short_procedures(client, counter):
    from decimal import Decimal

    from motcua.catalog.importers.records import ChannelRecord, Deadline

    client.force_login(counter["officer"])
    assert 'value="resolve_now"' not in client.get(URL, {"thu_tuc": "1.000001"}).content.decode()
    quick = procedure_version(
        code="1.000002",
        name="Chứng thực bản sao từ bản chính",
        channels=[ChannelRecord("counter", Deadline(Decimal(1), "working_day", "Trong ngày"), [], "")],
    )
    AgencyProcedure.objects.create(agency=counter["construction"], procedure=quick.procedure)
    assert 'value="resolve_now"' in client.get(URL, {"thu_tuc": "1.000002"}).content.decode()
    response = client.post(URL, form_data(thu_tuc="1.000002", action="resolve_now", **{"fee-counter-0-amount": None}))
    assert response.status_code == 302 and Dossier.objects.get().state == "result_ready"


def test_anonymous_visitors_are_sent_to_log_in(client, counter):
    assert client.get(URL)["Location"].startswith(reverse("desk:login"))


def test_search_results_take_a_constant_number_of_queries(client, counter):
    client.force_login(counter["officer"])
    headers = {"HX-Request": "true"}
    client.get(URL, {"q": "xay dung"}, headers=headers)  # session and user cached the same way each time
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"q": "xay dung"}, headers=headers)
    for i in range(2, 12):
        version = procedure_version(code=f"1.0000{i:02d}", name=f"Thủ tục xây dựng số {i}")
        AgencyProcedure.objects.create(agency=counter["construction"], procedure=version.procedure)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL, {"q": "xay dung"}, headers=headers)
    assert page.content.decode().count("data-rc-result>") == 11
    assert len(many) == len(one)


def test_the_applicant_block_refreshed_by_the_id_number_keeps_what_was_typed(client, counter):
    """A card reader types the number and Tab at once: the name, phone and e-mail already typed stay."""
    client.force_login(counter["officer"])
    Applicant.objects.create(
        id_number="001190099999",
        name="Phạm Văn Bình",
        phone="0987000111",
        email="binh@example.vn",
        address="Xã Đông Sơn",
    )
    typed = {
        "thu_tuc": "1.000001",
        "nguoi_nop": "1",
        "id_number": "001190099999",
        "name": "Phạm Văn Bính",
        "phone": "0900000000",
        "email": "",
    }
    html = client.get(URL, typed, headers={"HX-Request": "true"}).content.decode()
    assert 'value="Phạm Văn Bính"' in html and 'value="0900000000"' in html  # typed: kept
    assert 'value="binh@example.vn"' in html and 'value="Xã Đông Sơn"' in html  # empty: filled from the record
    assert "data-rc-cleared" not in html
    unknown = {**typed, "id_number": "079200000001", "email": "mai@example.vn"}  # a new person, typed by hand
    html = client.get(URL, unknown, headers={"HX-Request": "true"}).content.decode()
    assert 'value="Phạm Văn Bính"' in html and 'value="mai@example.vn"' in html


def test_reception_warns_when_nobody_may_take_the_next_step(client, counter):
    client.force_login(counter["officer"])
    html = client.get(URL, {"thu_tuc": "1.000001"}).content.decode()
    assert "Cảnh báo: không ai tại Sở Xây dựng được xử lý bước tiếp theo" in html
    response = client.post(URL, form_data())  # the officer may still receive
    assert response.status_code == 302 and Dossier.objects.count() == 1
    upsert_staff(username="xaydung.cv", full_name="Chuyên viên", roles=[(Role.SPECIALIST, counter["construction"])])
    html = client.get(URL, {"thu_tuc": "1.000001"}).content.decode()
    assert "data-rc-nobody" not in html


def test_overlong_reasons_items_and_names_are_explained_and_kept(client, counter):
    client.force_login(counter["officer"])
    reason = "Thiếu giấy tờ. " * 200  # 3,000 characters
    html = client.post(URL, form_data(action="refuse", reason=reason)).content.decode()
    assert not ReceptionNote.objects.exists() and 'id="rc-reason-error"' in html and reason.strip() in html
    items = "\n".join(f"Giấy tờ {i}" for i in range(101))
    html = client.post(URL, form_data(action="guide", reason="Thiếu", extra_items=items)).content.decode()
    assert not ReceptionNote.objects.exists() and 'id="rc-extra-items-error"' in html
    html = client.post(URL, form_data(name="Nguyễn " * 50, address="Phường " * 50)).content.decode()
    assert 'id="rc-name-error"' in html and 'id="rc-address-error"' in html
