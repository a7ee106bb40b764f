"""Reports (/desk/bao-cao/): the periodic report by agency and by field, the late dossiers, the officers' figures;
on screen, in Excel and in PDF, from dossiers made through the real services."""

from __future__ import annotations

import io
from dataclasses import fields
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.dossiers.models import Dossier
from motcua.stats.selectors.figures import Scope, summary, totals
from motcua.stats.selectors.reports import handling_by
from tests.e2e.province import act, receive, returned, to_result_ready
from tests.pdf import flat, page_size, pages_text

HANDLING = reverse("desk:reports")
LATE = reverse("desk:report_late")
OFFICERS = reverse("desk:report_officers")


def as_user(client, world, username: str, language: str = "en"):
    client.cookies["motcua_language"] = language
    client.force_login(world.user(username))
    return client


def period() -> dict[str, str]:
    today = timezone.localdate()
    return {"tu": (today - timedelta(days=100)).isoformat(), "den": today.isoformat()}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook(response):
    return load_workbook(io.BytesIO(body(response)))


def sheet_rows(ws) -> dict[str, list]:
    """The data rows of a sheet by their first cell."""
    return {row[0]: list(row) for row in ws.iter_rows(values_only=True) if isinstance(row[0], str)}


@pytest.fixture
def history(world, django_capture_on_commit_callbacks):
    """Dossiers of both departments: received, resolved early/on time, resolved late, late in progress, extended
    (with its apology), waiting for a supplement, returned. Events delivered, so the figures are kept."""
    with django_capture_on_commit_callbacks(execute=True):
        made = {
            "open": receive(world),
            "open_construction": receive(world, agency="construction", officer="xaydung.motcua"),
            "resolved": returned(world, to_result_ready(world, receive(world))),
            "resolved_late": to_result_ready(world, receive(world, days_ago=40)),
            "late": receive(world, days_ago=40),
            "extended": receive(world, days_ago=40, agency="construction", officer="xaydung.motcua"),
            "supplement": receive(world, days_ago=40),
        }
        extended = made["extended"]
        act(
            world,
            extended,
            "xaydung.lanhdao",
            "extend",
            reason="Cần xác minh thêm",
            apology="Xin lỗi ông/bà",
            new_due_at=(extended.due_at + timedelta(days=1)).isoformat(),
        )
        act(world, made["supplement"], "tuphap.chuyenvien", "assign")
        act(
            world,
            made["supplement"],
            "tuphap.chuyenvien",
            "request_supplement",
            reason="Thiếu bản sao CCCD",
            items=("Bản sao CCCD",),
        )
        act(world, made["supplement"], "motcua", "complete_supplement")
        act(world, made["resolved_late"], "motcua", "return_result", method="counter", receiver="Lê Thị Lan")
    return {key: Dossier.objects.get(pk=d.pk) for key, d in made.items()}


def test_by_agency_and_by_field_add_up_to_the_summary(history, world):
    today = timezone.localdate()
    scopes = [
        Scope(start=today - timedelta(days=100), end=today),  # month rows in the middle, day rows at the ends
        Scope(start=today.replace(day=1), end=today),
        Scope(start=today - timedelta(days=100), end=today, agency_ids=frozenset({world.justice.pk})),
    ]
    for scope in scopes:
        whole = summary(scope)
        for group in ("agency", "field"):
            added = totals(handling_by(scope, group).values())
            for f in fields(whole):
                if f.name.startswith(("ratings", "feedback")):
                    continue  # not in the report
                assert getattr(added, f.name) == getattr(whole, f.name), (group, f.name, scope)
    assert set(handling_by(scopes[2], "agency")) == {world.justice.pk}


def test_the_report_counts_what_the_services_did(history, world, client):
    supervisor = as_user(client, world, "giamsat")
    html = supervisor.get(HANDLING, period()).content.decode()
    assert "Sở Tư pháp" in html and "Sở Xây dựng" in html

    ws = workbook(supervisor.get(HANDLING, {**period(), "xuat": "xlsx"}))["By agency"]
    rows = sheet_rows(ws)
    justice = Dossier.objects.filter(agency=world.justice)
    line = rows["Sở Tư pháp"]
    # Agency, total, carried over, received, online, counter, post, resolved, early, on time, late, in progress,
    # within time, late, refused, stopped, withdrawn, on-time rate
    assert line[3] == justice.count() == 5
    assert line[5] == justice.filter(channel="counter").count()
    assert line[7] == justice.filter(state__in=("result_ready", "returned")).count() == 2
    assert line[10] == justice.filter(timeliness="late").count() == 1
    assert line[11] == justice.filter(finished_at__isnull=True).count() == 3
    running_late = justice.filter(state__in=("received", "in_progress"), due_at__lt=timezone.now())
    assert line[13] == running_late.count() == 2  # the late one, and the one whose supplement paused it a moment
    assert line[17] == pytest.approx(0.5)
    total = rows["Total"]
    assert total[3] == Dossier.objects.count() == 7
    assert ws.freeze_panes == "B5"
    assert ws.cell(row=3, column=2).value == "Dossiers to handle"
    assert ws.cell(row=6, column=4).number_format == "#,##0"


def test_excel_and_pdf_are_in_vietnamese_with_the_period(history, world, client):
    supervisor = as_user(client, world, "giamsat", language="vi")
    today = timezone.localdate()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    response = supervisor.get(HANDLING, {"ky": quarter, "xuat": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-{quarter}.xlsx"'
    wb = load_workbook(io.BytesIO(body(response)))
    assert wb.sheetnames == ["Theo cơ quan", "Theo lĩnh vực"]
    ws = wb["Theo cơ quan"]
    assert ws["A1"].value.startswith("Báo cáo tình hình, kết quả giải quyết thủ tục hành chính")
    assert f"Quý {quarter[-1]}/{today.year}" in ws["A2"].value
    assert ws.cell(row=3, column=2).value == "Số hồ sơ nhận giải quyết"
    assert ws.cell(row=4, column=2).value == "Tổng số"
    assert "Tổng cộng" in sheet_rows(ws)

    response = supervisor.get(HANDLING, {"ky": quarter, "xuat": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-{quarter}.pdf"'
    pdf = response.content
    assert page_size(pdf) == (842, 595)  # A4 landscape
    text = flat(" ".join(pages_text(pdf)))
    assert "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert "Sở Tư pháp" in text and "Tổng cộng" in text and "Tỷ lệ đúng hạn" in text


def test_the_late_list_says_how_late_and_why(history, world, client):
    supervisor = as_user(client, world, "giamsat")
    html = supervisor.get(LATE, period()).content.decode()
    listed = {d.code for d in history.values() if f">{d.code}</a>" in html}
    # Resolved late; late; paused a moment by a supplement and still late; extended by a day and still late.
    assert listed == {history[key].code for key in ("resolved_late", "late", "supplement", "extended")}
    assert "4 late dossiers: 1 resolved late in the period, 3 in progress and late at its end." in html

    ws = workbook(supervisor.get(LATE, {**period(), "xuat": "xlsx"}))["Late dossiers"]
    rows = {row[1]: row for row in ws.iter_rows(min_row=4, values_only=True) if row[1]}
    assert set(rows) == listed
    late = rows[history["late"].code]
    assert late[4] == history["late"].applicant_name and late[7] == "In progress"
    assert late[8] > 10  # received 40 days ago: weeks of working days late
    assert late[10] == "No" and rows[history["extended"].code][10] == "Yes"
    resolved = rows[history["resolved_late"].code]
    assert resolved[7] == timezone.localtime(history["resolved_late"].finished_at).replace(tzinfo=None, microsecond=0)
    assert ws.cell(row=4, column=6).number_format == "dd/mm/yyyy hh:mm"


def test_an_extension_gives_the_reason_and_the_apology(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(world, days_ago=40)
        act(
            world,
            dossier,
            "tuphap.lanhdao",
            "extend",
            reason="Cần xác minh thêm",
            new_due_at=(dossier.due_at + timedelta(days=1)).isoformat(),
        )
        act(world, dossier, "tuphap.chuyenvien", "assign")
        act(world, dossier, "tuphap.chuyenvien", "request_supplement", reason="Thiếu bản sao", items=("CCCD",))
        act(world, dossier, "motcua", "complete_supplement")
        to_result_ready(world, dossier)
    supervisor = as_user(client, world, "giamsat")
    ws = workbook(supervisor.get(LATE, {**period(), "xuat": "xlsx"}))["Late dossiers"]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == dossier.code)
    assert "Extended on" in row[9] and "Cần xác minh thêm" in row[9]
    assert "Supplement requested on" in row[9] and "Thiếu bản sao" in row[9]
    assert row[10] == "Yes"


def test_the_late_page_reads_a_fixed_number_of_queries(
    world, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    supervisor = as_user(client, world, "giamsat")
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            receive(world, days_ago=40)
    supervisor.get(LATE, period())  # the calendar is built once per process
    with django_assert_max_num_queries(30) as few:
        supervisor.get(LATE, period())
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(12):
            dossier = receive(world, days_ago=40)
            act(world, dossier, "tuphap.chuyenvien", "assign")
            act(world, dossier, "tuphap.chuyenvien", "request_supplement", reason="Thiếu", items=("CCCD",))
            act(world, dossier, "motcua", "complete_supplement")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = supervisor.get(LATE, period()).content.decode()
    assert html.count('href="/desk/ho-so/') == 15


def test_the_late_list_is_paged_and_its_export_has_every_row(
    world, client, django_capture_on_commit_callbacks, monkeypatch
):
    from motcua.desk.views.reports import pages

    monkeypatch.setattr(pages, "PAGE", 2)
    with django_capture_on_commit_callbacks(execute=True):
        codes = {receive(world, days_ago=40).code for _n in range(5)}
    supervisor = as_user(client, world, "giamsat")
    seen, query = set(), period()
    for number in (1, 2, 3):
        html = supervisor.get(LATE, {**query, "trang": str(number)}).content.decode()
        seen |= {code for code in codes if f">{code}</a>" in html}
        assert ('rel="next"' in html) == (number < 3)
    assert seen == codes
    ws = workbook(supervisor.get(LATE, {**query, "xuat": "xlsx"}))["Late dossiers"]
    assert {r[1] for r in ws.iter_rows(min_row=4, values_only=True) if r[1]} == codes
    monkeypatch.setattr(pages, "EXPORT_ROWS", 3)
    ws = workbook(supervisor.get(LATE, {**query, "xuat": "xlsx"}))["Late dossiers"]
    assert "Only the first 3 dossiers are listed" in ws["A3"].value
    assert len([r for r in ws.iter_rows(min_row=5, values_only=True) if r[1]]) == 3
    pdf = supervisor.get(LATE, {**query, "xuat": "pdf"}).content
    text = flat(" ".join(pages_text(pdf)))
    assert all(code in text for code in codes)


def test_officer_figures(history, world, client):
    supervisor = as_user(client, world, "giamsat")
    html = supervisor.get(OFFICERS, period()).content.decode()
    assert "Cán bộ một cửa Trung tâm" in html and "Trần Thị Bình" in html
    ws = workbook(supervisor.get(OFFICERS, {**period(), "xuat": "xlsx"}))["Officers"]
    rows = {(r[0], r[1]): r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    desk = rows[("Cán bộ một cửa Trung tâm", "Sở Tư pháp")]
    received_here = Dossier.objects.filter(agency=world.justice, received_by=world.user("motcua")).count()
    assert desk[2] == received_here == 5
    assert desk[9] == 2  # two results returned
    specialist = rows[("Nguyễn Văn An", "Sở Tư pháp")]
    assert specialist[3] >= 2 and specialist[4] + specialist[5] + specialist[6] == specialist[3]
    assert specialist[8] == 1  # one supplement request
    leader = rows[("Trần Thị Bình", "Sở Tư pháp")]
    assert leader[7] == 2  # two approvals
    assert rows[("Total", None)][2] == Dossier.objects.count()
    pdf = supervisor.get(OFFICERS, {**period(), "xuat": "pdf"}).content
    assert "Cán bộ một cửa Trung tâm" in flat(" ".join(pages_text(pdf)))


def test_who_sees_what(history, world, client):
    for username in ("motcua", "tuphap.chuyenvien"):
        client.force_login(world.user(username))
        for url in (HANDLING, LATE, OFFICERS):
            assert client.get(url).status_code == 403
            assert client.get(url, {"xuat": "xlsx"}).status_code == 403
    leader = as_user(client, world, "tuphap.lanhdao")
    html = leader.get(HANDLING, period()).content.decode()
    assert "Sở Tư pháp" in html and "Sở Xây dựng" not in html
    late = leader.get(LATE, period()).content.decode()
    assert history["extended"].code not in late  # construction's
    response = leader.get(HANDLING, {**period(), "co_quan": world.construction.code, "xuat": "xlsx"})
    assert response.status_code == 422 and "Choose one of your agencies." in response.content.decode()


def test_bad_periods_say_what_is_wrong_and_keep_what_was_typed(world, client):
    supervisor = as_user(client, world, "giamsat", language="vi")
    response = supervisor.get(HANDLING, {"ky": "2026-Q5"})
    assert response.status_code == 422
    assert "Chọn một năm (2026), một quý (2026-Q3) hoặc một tháng (2026-09)." in response.content.decode()
    response = supervisor.get(HANDLING, {"tu": "2026-09-30", "den": "2026-09-01", "xuat": "pdf"})
    assert response.status_code == 422 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'value="2026-09-30"' in html and 'value="2026-09-01"' in html
    response = supervisor.get(HANDLING, {"tu": "x" * 5000})
    assert response.status_code == 422


def test_the_navigation_links_the_reports_for_leaders_and_supervisors(world, client):
    for username, shown in (("giamsat", True), ("tuphap.lanhdao", True), ("motcua", False)):
        client.force_login(world.user(username))
        html = client.get(reverse("desk:home")).content.decode()
        assert (f'href="{HANDLING}"' in html) is shown, username


def test_a_period_not_over_is_read_up_to_today(world, client, django_capture_on_commit_callbacks):
    """An appointment later this quarter is not late yet, even though it falls before the quarter's end."""
    with django_capture_on_commit_callbacks(execute=True):
        soon = receive(world)  # due in some working days
    today = timezone.localdate()
    supervisor = as_user(client, world, "giamsat")
    html = supervisor.get(LATE, {"ky": str(today.year)}).content.decode()
    assert f">{soon.code}</a>" not in html
    assert f"up to {today:%d/%m/%Y}" in html
    response = supervisor.get(HANDLING, {"ky": str(today.year + 1)})
    assert response.status_code == 422 and "The period has not started yet." in response.content.decode()
