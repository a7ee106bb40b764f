"""Dossiers taken through the API up to the leader's approval with a result file, their events delivered."""

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier, DossierFee
from motcua.dossiers.services.files import store_upload
from tests.dossiers.conftest import Api

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Delivering(Api):
    """The API, each call's commit callbacks run as in production (its events reach their subscribers)."""

    def __init__(self, client, province, capture):
        super().__init__(client, province)
        self.capture = capture

    def post(self, who: str, url: str, body: dict):
        with self.capture(execute=True):
            return super().post(who, url, body)


def approved(api: Api, *, return_method: str, fees: list | None = None, pay=None) -> Dossier:
    """Received, handled and approved with a result file; `pay(fee)` is called for each fee before approval."""
    body = {"return_method": return_method}
    if fees is not None:
        body["fees"] = fees
    d = api.receive(**body).json()
    code = d["code"]
    for fee in DossierFee.objects.filter(dossier__code=code, paid_at__isnull=True) if pay else ():
        pay(fee)
    d = api.act("tuphap.chuyenvien", code, "assign", d["version"]).json()
    d = api.act("tuphap.chuyenvien", code, "forward", d["version"]).json()
    result = store_upload(data=SimpleUploadedFile("ket-qua.pdf", PDF, "application/pdf"), original_name="ket-qua.pdf")
    d = api.act("tuphap.lanhdao", code, "approve", d["version"], result_file_id=result.pk).json()
    assert d["state"] in {"result_ready", "returned"}
    return Dossier.objects.get(code=code)
