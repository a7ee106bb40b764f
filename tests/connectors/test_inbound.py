"""Dossiers submitted on the national portal are polled and opened here as `submitted`, with their files, once:
even when the portal lists one twice and loses our acknowledgement."""

import base64

import pytest

from motcua.connectors.models import InboundDossier
from motcua.connectors.services import inbound
from motcua.dossiers.models import Dossier
from tests.citizens import PDF

pytestmark = pytest.mark.django_db


def portal_dossier(world, external_id: str = "G22.99-260301-000123") -> dict:
    return {
        "MaHoSoQG": external_id,
        "MaTTHC": world.procedures["justice"],
        "MaDonVi": world.justice.code,
        "ChuHoSo": {"HoTen": "Lê Thị Lan", "SoGiayTo": "036192000777", "SoDienThoai": "0987654321"},
        "GiayTo": [
            {
                "TenGiayTo": "Tờ khai yêu cầu cấp phiếu lý lịch tư pháp",
                "TepDinhKem": [{"TenTep": "to-khai.pdf", "NoiDung": base64.b64encode(PDF).decode()}],
            }
        ],
    }


def test_a_portal_dossier_listed_twice_and_acknowledged_late_is_opened_once(world, portal):
    portal.submit(portal_dossier(world))
    portal.mode("twice=1")  # listed twice in one answer, and our acknowledgement is lost
    assert inbound.poll() == 1
    assert inbound.poll() == 0  # listed again: known, acknowledged again
    dossier = Dossier.objects.get()
    assert (dossier.state, dossier.channel, dossier.applicant_name) == ("submitted", "online", "Lê Thị Lan")
    [document] = dossier.documents.all()
    assert document.name == "Tờ khai yêu cầu cấp phiếu lý lịch tư pháp"
    assert [f.content_type for f in document.files.all()] == ["application/pdf"]
    assert InboundDossier.objects.get().external_id == "G22.99-260301-000123"
    assert portal.state()["acked"] == {"G22.99-260301-000123": dossier.code}
    assert inbound.poll() == 0 and Dossier.objects.count() == 1  # acknowledged: no longer listed


def test_what_cannot_be_opened_stays_on_the_portal_and_the_rest_comes_in(world, portal):
    bad = portal_dossier(world, "G22.99-260301-000124") | {"MaTTHC": "9.999999"}
    portal.submit(bad)
    portal.submit(portal_dossier(world, "G22.99-260301-000125"))
    assert inbound.poll() == 1
    assert list(portal.state()["acked"]) == ["G22.99-260301-000125"]


def test_a_file_that_is_not_a_pdf_or_image_refuses_the_whole_dossier(world, portal):
    item = portal_dossier(world)
    item["GiayTo"][0]["TepDinhKem"][0]["NoiDung"] = base64.b64encode(b"MZ not a document").decode()
    portal.submit(item)
    assert inbound.poll() == 0
    assert not Dossier.objects.exists() and not InboundDossier.objects.exists()


def test_the_portal_unreachable_opens_nothing(world, portal, settings):
    from tests.connectors.conftest import free_port

    settings.NATIONAL_PORTAL_URL = f"http://127.0.0.1:{free_port()}"
    assert inbound.poll() == 0
