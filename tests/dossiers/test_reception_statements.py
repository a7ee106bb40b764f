"""A reception is hot (a centre receives thousands a day): the statements it sends are counted and kept few."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.models import User
from motcua.dossiers import services

# In the transaction: its savepoint and release, 5 reads (the officer's roles, the procedure and its channels,
# the agency tree with its centres, the agencies handling the procedure), the applicant (read, upsert), the
# calendar's revision, the day's number, the process, the dossier, its steps, its current step, documents, fee,
# first event and the deliveries owed. After the commit: the deliveries locked, the subscribers called with no
# savepoint each (the SMS: the dossier with its applicant's choices read at once, one insert; the figures; the
# queue; the files; the webhooks), the deliveries deleted. Was 49.
STATEMENTS = 35


def _receive(n: int, officer: User):
    return services.receive_dossier(
        officer=officer,
        procedure_code="1.000001",
        channel="counter",
        agency_code="000.00.03.H99",
        applicant=services.ApplicantInput(name="Nguyễn Văn Thử", id_number=f"09900000{n:04d}", phone="0912345678"),
        documents=[services.DocumentInput(name=f"Giấy {i}", originals=1) for i in range(3)],
        fees=[services.FeeInput(label="Lệ phí", amount=200_000, method="cash")],
    )


def test_a_reception_sends_a_fixed_number_of_statements(province, django_capture_on_commit_callbacks):
    officer = User.objects.get(username="motcua")
    with django_capture_on_commit_callbacks(execute=True):
        _receive(0, officer)  # the first one fills the caches (the calendar)
    with CaptureQueriesContext(connection) as sent, django_capture_on_commit_callbacks(execute=True):
        _receive(1, officer)
    assert len(sent.captured_queries) <= STATEMENTS, "\n".join(q["sql"][:120] for q in sent.captured_queries)
