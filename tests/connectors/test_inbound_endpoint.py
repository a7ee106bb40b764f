"""Another system pushes a dossier to POST /api/v1/inbound/dossiers with a token of scope dossiers:submit: it
becomes a `submitted` online dossier with its files, once; sending it again answers with the same dossier."""

import base64

import pytest

from motcua.connectors.models import InboundDossier
from motcua.core.models import ApiScope
from motcua.core.services import issue_system_token
from motcua.dossiers.models import Dossier
from tests.connectors.test_inbound import portal_dossier

pytestmark = pytest.mark.django_db
URL = "/api/v1/inbound/dossiers"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_pushed_dossier_is_opened_once(client, world):
    _token, secret = issue_system_token(system="cong-dvc-quoc-gia", scopes=[ApiScope.DOSSIERS_SUBMIT])
    body = portal_dossier(world, "G22.99-260301-000900")
    first = client.post(URL, body, content_type="application/json", headers=bearer(secret))
    assert first.status_code == 201, first.content
    code = first.json()["code"]
    dossier = Dossier.objects.get(code=code)
    assert (dossier.state, dossier.channel) == ("submitted", "online")
    assert dossier.documents.get().files.get().content_type == "application/pdf"
    again = client.post(URL, body, content_type="application/json", headers=bearer(secret))
    assert again.status_code == 200 and again.json() == {
        "external_id": "G22.99-260301-000900",
        "code": code,
        "new": False,
    }
    assert Dossier.objects.count() == 1
    assert InboundDossier.objects.get().source == "system:cong-dvc-quoc-gia"


def test_without_the_scope_or_with_a_bad_body_nothing_is_opened(client, world):
    _token, reader = issue_system_token(system="bo-tu-phap", scopes=[ApiScope.CATALOG_READ])
    body = portal_dossier(world, "G22.99-260301-000901")
    refused = client.post(URL, body, content_type="application/json", headers=bearer(reader))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "scope_required"
    _token, secret = issue_system_token(system="cong-dvc-quoc-gia", scopes=[ApiScope.DOSSIERS_SUBMIT])
    body["GiayTo"][0]["TepDinhKem"][0]["NoiDung"] = base64.b64encode(b"MZ not a document").decode()
    bad_file = client.post(URL, body, content_type="application/json", headers=bearer(secret))
    assert bad_file.status_code == 422
    missing = client.post(URL, {"MaHoSoQG": "x"}, content_type="application/json", headers=bearer(secret))
    assert missing.status_code == 422
    assert not Dossier.objects.exists() and not InboundDossier.objects.exists()
