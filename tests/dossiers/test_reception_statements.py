"""A reception is hot (a centre receives thousands a day): the statements it sends are counted and kept few."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.models import User
from motcua.dossiers import services


def _receive(n: int, officer=None):
    return services.receive_dossier(
        officer=officer or User.objects.get(username="motcua"),
        procedure_code="1.000001",
        channel="counter",
        agency_code="000.00.03.H99",
        applicant=services.ApplicantInput(name="Nguyễn Văn Thử", id_number=f"09900000{n:04d}", phone="0912345678"),
        documents=[services.DocumentInput(name=f"Giấy {i}", originals=1) for i in range(3)],
        fees=[services.FeeInput(label="Lệ phí", amount=200_000, method="cash")],
    )


def test_a_reception_sends_few_statements(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _receive(0)  # the first one fills the caches (the calendar, the procedure's process)
    officer = User.objects.get(username="motcua")
    with CaptureQueriesContext(connection) as sent, django_capture_on_commit_callbacks(execute=True):
        _receive(1, officer)
    for q in sent.captured_queries:
        print(q["sql"][:300])
    assert len(sent.captured_queries) <= 100
