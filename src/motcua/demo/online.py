"""A fully online dossier (dịch vụ công trực tuyến toàn trình) played through the services: the demo citizen submits
it, the desk accepts it, the fee is paid through the local VNPay sandbox gateway over HTTP (settled by the
gateway's transaction query, as a payment whose notification never came), the e-receipt is issued, the leader's
approval signs the result with the Department of Justice's key on its token, and the result is delivered to the
citizen's account. What the demo prints says where to see each part."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Exists, OuterRef
from django.test.utils import override_settings
from weasyprint import HTML

from motcua.accounts.services import Contact, add_document, profile_for
from motcua.catalog.models import AgencyProcedure, ChannelFee, OnlineLevel, ProcedureVersion, VersionStatus
from motcua.core.models import Agency, RoleAssignment, User
from motcua.dossiers.actions import ApproveInput, AssignInput, ForwardInput
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.services import ApplicantInput, DocumentInput, FeeInput, perform_action
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.services.online import submit_online
from motcua.dossiers.states import FINISHED
from motcua.payments.models import Payment, PaymentState
from motcua.payments.sandbox import make_server
from motcua.payments.services import settle_pending, start_payment
from motcua.signatures.services import approve_with_signature

MARK = "Demo: toàn trình"  # the note of the leader's approval: how a re-run knows it was played


@dataclass
class Played:
    code: str
    receipt: str
    verify_path: str


def play_fully_online(*, agency: Agency, citizen_phone: str) -> list[str]:
    """Lines for the demo's report; nothing is played twice (a re-run finds the approval's note)."""
    done = Dossier.objects.filter(events__note=MARK).values_list("code", flat=True).first()
    if done:
        return [f"Fully online dossier: {done} (played before)"]
    profile = profile_for(Contact("phone", citizen_phone))
    version = _procedure_with_fee(agency)
    if profile is None or version is None:
        return ["Fully online dossier: skipped (no citizen account, or no online procedure with a fee)"]
    played = _play(profile.user, citizen_phone, version, agency)
    return [
        f"Fully online dossier: {played.code}, fee paid through the sandbox gateway (e-receipt {played.receipt}),"
        f" result signed on the token and delivered to the citizen's account; verify it at {played.verify_path}"
    ]


def _procedure_with_fee(agency: Agency) -> ProcedureVersion | None:
    fees = ChannelFee.objects.filter(channel__version=OuterRef("pk"), channel__channel="online", amount__gt=0)
    linked = AgencyProcedure.objects.filter(procedure=OuterRef("procedure_id"), agency=agency, is_active=True)
    return (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .exclude(online_level=OnlineLevel.NONE)
        .filter(Exists(fees), Exists(linked))
        .order_by("procedure__code")
        .first()
    )


def _play(citizen: User, phone: str, version: ProcedureVersion, agency: Agency) -> Played:
    scan = add_document(
        user=citizen,
        data=SimpleUploadedFile("to-khai.pdf", _pdf("Tờ khai"), "application/pdf"),
        original_name="to-khai.pdf",
        title="Tờ khai (bản điện tử)",
    )
    documents = [DocumentInput(name=d.name[:2000], originals=1, file_ids=[scan.pk]) for d in version.documents.all()]
    fee = ChannelFee.objects.filter(channel__version=version, channel__channel="online", amount__gt=0).first()
    assert fee is not None and fee.amount is not None  # _procedure_with_fee
    dossier = submit_online(
        citizen=citizen,
        procedure_code=version.procedure.code,
        applicant=ApplicantInput(name=citizen.full_name, id_number="001190012345", phone=phone),
        documents=documents or [DocumentInput(name="Tờ khai", originals=1, file_ids=[scan.pk])],
        agency_code=agency.code,
        return_method=ReturnMethod.ONLINE,
        fees=[FeeInput(label=(fee.label or "Phí")[:255], amount=fee.amount)],
    )
    _act(dossier.code, "counter_officer", ForwardInput())  # the desk accepts it: its clock starts
    _pay_through_the_sandbox(dossier)
    while (current := Dossier.objects.get(pk=dossier.pk)).state not in FINISHED:  # ready, then delivered online
        step = current.steps.get(pk=current.current_step_id)
        if step.role == "leader":
            result = store_upload(
                data=SimpleUploadedFile("ket-qua.pdf", _pdf(version.name), "application/pdf"),
                original_name="ket-qua.pdf",
                title=f"Kết quả hồ sơ {current.code}",
            )
            approval = approve_with_signature(
                code=current.code,
                actor=_who(step.role, step.agency_id),
                version=current.version,
                command=ApproveInput(note=MARK, result_file_id=result.pk),
            )
        else:
            officer = _who(step.role, step.agency_id)
            if step.assignee_id is None:
                _act(current.code, step.role, AssignInput(), actor=officer)
            _act(current.code, step.role, ForwardInput(), actor=officer)
    current.refresh_from_db()
    receipt = current.fees.values_list("receipt_number", flat=True).first() or ""
    token = approval.signed.token if approval.signed else ""
    return Played(current.code, receipt, f"/xac-thuc/{token}/" if token else "/xac-thuc/")


def _pay_through_the_sandbox(dossier: Dossier) -> None:
    """The citizen pays at the gateway; its notification cannot reach us (no server runs while the demo builds),
    so the payment is settled as any late one is: by querying the gateway (querydr)."""
    server = make_server(
        host="127.0.0.1",
        port=0,
        tmn_code=settings.VNPAY_TMN_CODE,
        secret=settings.VNPAY_HASH_SECRET,
        ipn_url=f"{settings.PUBLIC_URL}/payments/vnpay/ipn",
    )
    host, port = server.server_address[:2]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with override_settings(
            VNPAY_URL=f"http://{host}:{port}/paymentv2/vpcpay.html",
            VNPAY_API_URL=f"http://{host}:{port}/merchant_webapi/api/transaction",
        ):
            for fee in dossier.fees.filter(paid_at__isnull=True):
                url = start_payment(fee_id=fee.pk, client_ip="127.0.0.1")
                ref = dict(parse_qsl(urlsplit(url).query))["vnp_TxnRef"]
                with urllib.request.urlopen(url, timeout=10) as page:  # the gateway's page, as a browser opens it
                    page.read()
                choose = f"http://{host}:{port}/paymentv2/choose?ref={ref}&choice=pay&scenario=no_ipn"
                _get_without_redirect(choose)
            settle_pending(older_than_minutes=0)
    finally:
        server.shutdown()
        server.server_close()
    assert not Payment.objects.filter(fee__dossier=dossier, state=PaymentState.PENDING).exists()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the gateway sends the browser back to us: no server to go to
        return None


def _get_without_redirect(url: str) -> None:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(url, timeout=10).read()
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise


def _who(role: str, agency_id: int) -> User:
    """Someone holding `role` at the agency, or else at its province (whose roles cover the agencies below)."""
    agency = Agency.objects.get(pk=agency_id)
    for place in (agency_id, agency.province_id):
        assignment = (
            RoleAssignment.objects.filter(role=role, agency_id=place, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        if assignment is not None:
            return assignment.user
    raise LookupError(f"the demo has no {role} for agency {agency_id}")


def _act(code: str, role: str, command, *, actor: User | None = None) -> None:
    dossier = Dossier.objects.get(code=code)
    step = dossier.steps.filter(pk=dossier.current_step_id).first()
    actor = actor or _who(role, step.agency_id if step else dossier.agency_id)
    perform_action(code=code, actor=actor, version=dossier.version, command=command)


def _pdf(title: str) -> bytes:
    body = f"<h1>{escape(title)}</h1><p>Bản điện tử (demo)</p>"
    return HTML(string=f"<html lang='vi'><body style='font-family: DejaVu Sans'>{body}</body></html>").write_pdf()
