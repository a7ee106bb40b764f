"""Online submission: the e-form prefilled from the account, drafts that keep everything, uploads checked by
content, a submitted dossier waiting for the desk with its code and secret, and the desk's answer reaching the
citizen's account."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import Draft
from motcua.dossiers.models import Dossier, StoredFile
from motcua.notifications.models import Message
from tests.citizens import PDF, PNG, make_citizen
from tests.e2e.province import act

BACKEND = "motcua.accounts.backends.CitizenBackend"
DOCUMENTS = ("Đơn đề nghị cấp giấy phép xây dựng", "Bản vẽ thiết kế xây dựng", "Giấy tờ chứng minh quyền sử dụng đất")


@pytest.fixture
def citizen(client, world):
    user = make_citizen(phone="0987654321", name="Đỗ Minh Khoa")
    client.force_login(user, backend=BACKEND)
    return user


def start(client, code: str = "1.000001") -> str:
    response = client.get(f"/nop-ho-so/{code}/")
    assert response.status_code == 302, response
    return response["Location"]


def fields(**overrides) -> dict:
    values = {
        "name": "Đỗ Minh Khoa",
        "kind": "person",
        "id_number": "001199012399",
        "phone": "0987654321",
        "email": "",
        "address": "12 Lê Lợi, Phường Hòa An",
        "agency": "000.00.03.H99",
        "return_method": "online",
        "return_address": "",
        "notify_sms": "on",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def upload(name: str = "scan.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def all_documents() -> dict:
    return {f"doc-{i}": upload(f"giay-to-{i}.pdf") for i in range(1, len(DOCUMENTS) + 1)}


def test_the_eform_is_prefilled_and_lists_the_procedures_documents(client, citizen):
    page = client.get(start(client)).content.decode()
    assert 'value="Đỗ Minh Khoa"' in page and 'value="0987654321"' in page
    for name in DOCUMENTS:
        assert name in page
    assert "75.000 đồng" in page  # the online channel's fee, not the counter's
    assert "Giảm 50% khi nộp trực tuyến" in page


def test_a_complete_eform_becomes_a_dossier_waiting_for_the_desk(client, citizen, django_capture_on_commit_callbacks):
    url = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**fields(do="submit"), **all_documents()})
    assert response.status_code == 302 and response["Location"].startswith("/nop-ho-so/da-nop/")
    dossier = Dossier.objects.get()
    assert dossier.state == "submitted" and dossier.channel == "online" and dossier.submitted_by == citizen
    assert dossier.received_at is None and dossier.due_at is None  # the clock starts when the desk accepts it
    assert dossier.agency.code == "000.00.03.H99"
    assert [d.name for d in dossier.documents.order_by("position")] == list(DOCUMENTS)
    assert all(d.files.count() == 1 for d in dossier.documents.all())
    assert [(f.label, f.amount) for f in dossier.fees.all()] == [("Lệ phí", 75000)]
    assert not Draft.objects.exists()
    assert Message.objects.filter(dossier=dossier, kind="submitted", channel="sms", recipient="0987654321").exists()
    done = client.get(response["Location"]).content.decode()
    assert dossier.code in done and dossier.lookup_secret in done
    assert f'id="done-pay" href="/thanh-toan/{dossier.code}/"' in done  # the fee may be paid right away
    home = client.get("/tai-khoan/").content.decode()
    assert dossier.code in home and "Đã nộp trực tuyến, đang chờ bộ phận một cửa kiểm tra" in home
    assert f'href="/thanh-toan/{dossier.code}/"' in home


def test_an_incomplete_eform_says_what_is_missing_and_loses_nothing(client, citizen):
    url = start(client)
    response = client.post(url, fields(do="submit", id_number="12", **{"doc-1": upload("don.pdf")}))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Hồ sơ chưa được nộp" in html
    assert "Số CCCD gồm 12 chữ số" in html
    assert html.count("Đính kèm giấy tờ này") == 4  # the two documents still missing: in the summary and by each
    assert 'value="12 Lê Lợi, Phường Hòa An"' in html and 'value="12"' in html
    assert "don.pdf" in html  # the file uploaded with the failed post is kept, ticked
    assert not Dossier.objects.exists()
    draft = Draft.objects.get()
    assert len(draft.files["1"]) == 1 and draft.data["address"] == "12 Lê Lợi, Phường Hòa An"


def test_a_file_that_is_not_a_scan_is_refused_by_name_and_the_rest_is_kept(client, citizen):
    url = start(client)
    fake = SimpleUploadedFile("ban-ve.pdf", b"just text pretending to be a PDF", content_type="application/pdf")
    response = client.post(url, fields(do="save", **{"doc-1": upload("don.pdf"), "doc-2": fake}))
    assert response.status_code == 422
    html = response.content.decode()
    assert "ban-ve.pdf: Chỉ được đính kèm tệp PDF hoặc ảnh" in html
    assert "don.pdf" in html
    assert StoredFile.objects.filter(owner=citizen).count() == 1


def test_a_saved_draft_comes_back_from_the_account(client, citizen):
    url = start(client)
    saved = client.post(url, fields(do="save", address="Thôn Đông", **{"doc-2": upload("ban-ve.png", PNG)}))
    assert saved.status_code == 302
    home = client.get("/tai-khoan/").content.decode()
    assert "Cấp phiếu lý lịch tư pháp" in home and url in home
    assert start(client) == url  # the procedure's button resumes it
    page = client.get(url).content.decode()
    assert 'value="Thôn Đông"' in page and "ban-ve.png" in page
    # Unticking a file takes it off the draft; it stays in my documents.
    client.post(url, fields(do="save", address="Thôn Đông"))
    assert Draft.objects.get().files == {}
    assert StoredFile.objects.filter(owner=citizen).count() == 1


def test_documents_are_picked_from_my_store(client, citizen):
    client.post("/tai-khoan/tai-lieu/", {"title": "Đơn đề nghị", "file": upload("don-da-ky.pdf")})
    stored = StoredFile.objects.get(owner=citizen)
    url = start(client)
    assert "Đơn đề nghị" in client.get(url).content.decode()
    data = {**fields(do="submit"), "pick-1": str(stored.pk), "doc-2": upload(), "doc-3": upload()}
    assert client.post(url, data).status_code == 302
    assert Dossier.objects.get().documents.get(position=1).files.get() == stored


def test_someone_elses_file_or_draft_cannot_be_used(client, citizen, world):
    other = make_citizen(phone="0911222333", name="Người Khác", client="10.0.0.9")
    theirs = StoredFile.objects.create(
        sha256="0" * 64, size=3, content_type="application/pdf", owner=other, file="dossiers/x.pdf"
    )
    url = start(client)
    client.post(url, {**fields(do="submit"), "pick-1": str(theirs.pk), "doc-2": upload(), "doc-3": upload()})
    assert not Dossier.objects.exists()
    assert client.get(f"/tai-khoan/tai-lieu/{theirs.pk}/").status_code == 404
    client.force_login(other, backend=BACKEND)
    assert client.get(url).status_code == 404


def test_a_procedure_that_is_not_online_cannot_be_started(client, citizen):
    from tests.factories import procedure_version

    procedure_version(code="1.000099", name="Thủ tục chỉ nộp tại quầy", online_level="none")
    assert client.get("/nop-ho-so/1.000099/").status_code == 404
    assert client.get("/nop-ho-so/9.999999/").status_code == 404


def test_logging_in_is_asked_first_and_comes_back_to_the_eform(client, world):
    response = client.get("/nop-ho-so/1.000001/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/dang-nhap/?next=/nop-ho-so/1.000001/"


def test_the_desk_accepts_it_and_the_citizen_sees_the_appointment(client, citizen, world):
    client.post(start(client), {**fields(do="submit"), **all_documents()})
    dossier = Dossier.objects.get()
    act(world, dossier, "motcua", "forward")
    dossier.refresh_from_db()
    assert dossier.state == "received" and dossier.received_at and dossier.due_at
    home = client.get("/tai-khoan/").content.decode()
    assert "Đã tiếp nhận, đang chờ xử lý" in home
    assert dossier.due_at.astimezone().strftime("%d/%m/%Y") in home


def test_the_search_lists_only_procedures_that_can_be_submitted_online(client, world):
    from tests.factories import procedure_version

    procedure_version(code="1.000099", name="Cấp giấy phép chỉ nộp tại quầy", online_level="none")
    html = client.get("/nop-ho-so/", {"q": "cap giay phep"}).content.decode()
    assert "Cấp giấy phép xây dựng" in html and "chỉ nộp tại quầy" not in html


def test_the_account_page_reads_a_fixed_number_of_queries(client, citizen, world, django_assert_max_num_queries):
    for _ in range(3):
        client.post(start(client), {**fields(do="submit"), **all_documents()})
    client.get("/tai-khoan/")
    with django_assert_max_num_queries(9):
        html = client.get("/tai-khoan/").content.decode()
    assert html.count('class="code"') == 3


def test_a_list_of_alternatives_asks_for_at_least_one_paper_not_each(client, citizen, world):
    from motcua.catalog.importers.records import DocumentRecord
    from motcua.catalog.models import AgencyProcedure
    from tests.factories import procedure_version

    cases = (
        [DocumentRecord("Tờ khai đăng ký khai tử", 1, 0)]
        + [DocumentRecord(f"Trường hợp {n}: giấy tờ kèm theo", 0, 1) for n in ("ủy quyền", "chết tại bệnh viện")]
        + [DocumentRecord("Giấy báo tử", 1, 0)]
    )
    version = procedure_version(code="1.000656", name="Thủ tục đăng ký khai tử", documents=cases)
    AgencyProcedure.objects.create(agency=world.justice, procedure=version.procedure)
    url = start(client, "1.000656")
    page = client.get(url).content.decode()
    assert "bắt buộc" not in page.replace("không bắt buộc", "")
    nothing = client.post(url, fields(do="submit"))
    assert nothing.status_code == 422
    assert "Đính kèm giấy tờ của hồ sơ" in nothing.content.decode()
    one = client.post(url, fields(do="submit", **{"doc-1": upload("to-khai.pdf")}))
    assert one.status_code == 302


def test_uploads_with_an_online_submission_count_against_the_accounts_quota(client, citizen, settings, tmp_path):
    settings.MEDIA_ROOT, settings.CITIZEN_QUOTA_MB = tmp_path, 1
    big = PDF + b"%" * (700 * 1024)
    url = start(client)
    response = client.post(
        url, fields(do="submit", **{"doc-1": upload("don.pdf", big), "doc-2": upload("ve.pdf", big)})
    )
    assert response.status_code == 422
    assert "vượt quá 1 MB" in response.content.decode()
    assert not Dossier.objects.exists() and StoredFile.objects.filter(owner=citizen).count() == 1


def test_the_back_button_after_submitting_shows_the_dossier_not_a_bare_404(client, citizen):
    url = start(client)
    response = client.post(url, {**fields(do="submit"), **all_documents()})
    dossier = Dossier.objects.get()
    back = client.get(url)  # the draft's page, from the browser's history
    assert back.status_code == 302 and back["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    assert back["Location"] == response["Location"]
    again = client.post(url, {**fields(do="submit"), **all_documents()})  # or the form posted again
    assert again.status_code == 302 and Dossier.objects.count() == 1


def test_a_draft_that_is_gone_is_explained_with_the_way_to_my_dossiers_and_no_staff_link(client, citizen):
    url = start(client)
    client.post(f"{url}xoa/")
    html = client.get(url).content.decode()
    assert "Bản nháp này không còn nữa" in html
    assert 'href="/tai-khoan/"' in html and 'href="/tra-cuu/"' in html
    assert "/desk/" not in html
    assert "/desk/" not in client.get("/khong-co-trang-nay/").content.decode()  # nor on the plain 404
