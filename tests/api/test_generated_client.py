"""A client generated from the committed OpenAPI document (openapi-python-client, offline) drives a dossier from
reception to return against a live server: the document is complete enough for a real client to use."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from motcua.core.services import issue_api_token
from tests.e2e.province import build_province

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
PACKAGE = "motcua_generated_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generated package, imported from a temporary folder (nothing is downloaded)."""
    if not GENERATOR.exists():
        pytest.skip(f"{GENERATOR} is absent: install the test extra")
    folder = tmp_path_factory.mktemp("client")
    completed = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(OPENAPI), "--output-path", str(folder / PACKAGE), "--meta", "none"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_a_generated_client_takes_a_dossier_from_reception_to_return(generated, live_server, transactional_db):
    world = build_province()
    models = _module("models")
    dossiers = "api.dossiers.motcua_api_dossiers_"

    def client(who: str):
        token = issue_api_token(user=world.user(who), name="generated client")[1]
        return generated.AuthenticatedClient(base_url=live_server.url, token=token, httpx_args={"trust_env": False})

    desk, specialist, leader = client("motcua"), client("tuphap.chuyenvien"), client("tuphap.lanhdao")

    body = models.DossierIn(
        procedure=world.procedures["justice"],
        channel=models.DossierInChannel.COUNTER,
        applicant=models.ApplicantIn(name="Nguyễn Thị Hương", id_number="001190012345", phone="0912345678"),
        documents=[models.DocumentIn(name="Tờ khai yêu cầu cấp phiếu lý lịch tư pháp", originals=1)],
    )
    received = _module(f"{dossiers}create_dossier").sync_detailed(client=desk, body=body)
    assert received.status_code == 201, received.content
    dossier = received.parsed
    assert isinstance(dossier, models.DossierOut)
    assert dossier.state == models.DossierOutState.RECEIVED and dossier.version == 1
    code = dossier.code

    steps = [
        (specialist, "assign", models.AssignRequest(version=1), "in_progress"),
        (specialist, "forward", models.ForwardRequest(version=2, note="Đủ điều kiện"), "in_progress"),
        (leader, "approve", models.ApproveRequest(version=3), "result_ready"),
        (
            desk,
            "return_result",
            models.ReturnResultRequest(version=4, receiver="Nguyễn Thị Hương", receipt_number="BL-9"),
            "returned",
        ),
    ]
    for who, action, request, state in steps:
        answer = _module(f"{dossiers}act_{action}").sync_detailed(code, client=who, body=request)
        assert answer.status_code == 200, (action, answer.content)
        assert isinstance(answer.parsed, models.DossierOut) and answer.parsed.state.value == state, action

    stale = _module(f"{dossiers}act_assign").sync_detailed(
        code, client=specialist, body=models.AssignRequest(version=1)
    )
    assert stale.status_code == 409 and isinstance(stale.parsed, models.ErrorOut)
    assert stale.parsed.error.code == "conflict"

    final = _module(f"{dossiers}get_dossier").sync(code, client=desk)
    assert isinstance(final, models.DossierOut)
    assert final.state == models.DossierOutState.RETURNED and final.version == 5
    assert [e.action for e in final.events] == ["receive", "assign", "forward", "approve", "return_result"]
    assert final.events[2].note == "Đủ điều kiện" and final.returned_at is not None
    assert final.allowed_actions == []
