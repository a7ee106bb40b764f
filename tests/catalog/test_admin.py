"""Administrators manage the catalog in the Django admin, in Vietnamese."""

from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.catalog.models import Procedure, Process, VersionStatus
from motcua.core.models import Role
from tests.factories import agency, procedure_version, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = staff_user("admin", Role.ADMINISTRATOR)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_admin_pages_open(admin_client):
    version = procedure_version()
    for url in [
        reverse("admin:index"),
        reverse("admin:catalog_procedure_changelist") + "?q=giay+phep",
        reverse("admin:catalog_procedure_change", args=[version.procedure.pk]),
        reverse("admin:catalog_procedureversion_changelist"),
        reverse("admin:catalog_procedureversion_change", args=[version.pk]),
        reverse("admin:catalog_process_add"),
        reverse("admin:core_agency_changelist"),
        reverse("admin:core_centre_changelist"),
        reverse("admin:core_counter_changelist"),
        reverse("admin:core_user_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url
    assert "Danh mục thủ tục hành chính" in admin_client.get(reverse("admin:index")).content.decode()


def test_a_published_version_is_shown_read_only(admin_client):
    version = procedure_version()
    page = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk])).content.decode()
    assert 'name="name"' not in page  # no editable field
    response = admin_client.post(reverse("admin:catalog_procedureversion_change", args=[version.pk]), {"name": "x"})
    assert response.status_code == 403


def test_changing_a_procedure_starts_a_draft_and_publishing_it_supersedes(admin_client):
    version = procedure_version()
    response = admin_client.post(
        reverse("admin:catalog_procedure_changelist"),
        {"action": "new_draft", "_selected_action": [version.procedure.pk]},
    )
    procedure = Procedure.objects.get(pk=version.procedure.pk)
    draft = procedure.latest_version
    assert response.status_code == 302 and response.url == reverse(
        "admin:catalog_procedureversion_change", args=[draft.pk]
    )
    assert draft.status == VersionStatus.DRAFT and procedure.published_version == version
    admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    procedure.refresh_from_db()
    assert procedure.published_version == draft
    version.refresh_from_db()
    assert version.status == VersionStatus.SUPERSEDED


def process_form(procedure, unit_agency, budgets, unit="working_day"):
    data = {
        "procedure": procedure.pk,
        "agency": unit_agency.pk,
        "channel": "",
        "name": "Quy trình Sở Xây dựng",
        "steps-TOTAL_FORMS": str(len(budgets)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    roles = ["counter_officer", "specialist", "leader", "counter_officer"]
    for i, amount in enumerate(budgets):
        data.update(
            {
                f"steps-{i}-position": str(i + 1),
                f"steps-{i}-name": f"Bước {i + 1}",
                f"steps-{i}-role": roles[i % 4],
                f"steps-{i}-budget_amount": str(amount),
                f"steps-{i}-budget_unit": unit,
            }
        )
    return data


def test_process_budgets_must_add_up_to_the_legal_limit(admin_client):
    version = procedure_version()  # 15 working days at the counter and online
    construction = agency()
    url = reverse("admin:catalog_process_add")
    response = admin_client.post(url, process_form(version.procedure, construction, [0.5, 10, 3, 0.5]))
    assert response.status_code == 200
    assert (
        "Tổng thời gian các bước là 14 ngày làm việc nhưng thời hạn giải quyết "
        "của hình thức “Trực tiếp” là 15 ngày làm việc." in response.content.decode()
    )
    response = admin_client.post(url, process_form(version.procedure, construction, [15], unit="working_hour"))
    assert "hãy dùng cùng đơn vị" in response.content.decode()
    assert not Process.objects.exists()
    response = admin_client.post(url, process_form(version.procedure, construction, [0.5, 11, 3, 0.5]))
    assert response.status_code == 302
    process = Process.objects.get()
    assert sum(s.budget_amount for s in process.steps.all()) == Decimal(15)


def test_a_defined_process_replaces_the_default_on_the_public_page(admin_client, client):
    version = procedure_version()
    construction = agency()
    admin_client.post(
        reverse("admin:catalog_process_add"), process_form(version.procedure, construction, [0.5, 11, 3, 0.5])
    )
    page = client.get(reverse("portal:procedure", args=[version.procedure.code])).content.decode()
    assert "Sở Xây dựng" in page and "11 ngày làm việc" in page and "áp dụng cách phân bổ thời hạn chung" not in page
