"""Liên thông in the demo: processes whose steps cross agencies and levels, and a few dossiers played through the
services so the hand-over screen, the inboxes and Mẫu 06 have something to show (docs/lienthong.md).

- a commune procedure handled across four levels of the organisation: the commune receives, the Department of
  Agriculture and Environment appraises, the provincial People's Committee signs, the commune returns;
- a department procedure with a step at a central branch (the provincial tax office determines what is owed);
- the group procedure 2.001023 (birth registration + health insurance card for a child under six), when the real
  catalog is imported: one dossier, two results, each issued by its agency (commune, social insurance).

Each process's step budgets are shares of the procedure's own legal limit, in its unit, so they add up to it.
Nothing is played twice: a re-run finds the notes of the dossiers it played.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from weasyprint import HTML  # type: ignore[import-untyped]

from motcua.catalog.models import AgencyProcedure, ProcedureChannel, ProcedureVersion, VersionStatus
from motcua.catalog.services.process import ProcessError, StepInput, save_process
from motcua.core.models import Agency, Role, User
from motcua.dossiers.actions import INPUTS
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import ApplicantInput, DocumentInput, perform_action, receive_dossier
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.states import Action

GROUP_PROCEDURE = "2.001023"
MARK = "Demo: liên thông"  # the note of the first action of each played dossier
APPLICANTS = [
    ("Lò Văn Tiến", "012090001234"),
    ("Tòng Thị Xuân", "012192004321"),
    ("Giàng A Sùng", "012087000555"),
    ("Vàng Thị Mỷ", "012195007777"),
]
Step = tuple[str, str, str, float, str]  # name, role, agency key ("" = the process's agency), share, result name


def play_lienthong(agencies: dict[str, Agency]) -> list[str]:
    """Lines for the demo's report."""
    if DossierEvent.objects.filter(note__startswith=MARK).exists():
        return ["Liên thông: dossiers played before; see /desk/lien-thong/ (e.g. as nongnghiep.chuyenvien)"]
    lines = []
    four_levels = _commune_procedure(agencies["hoaan"])
    if four_levels is not None:
        steps: list[Step] = [
            ("Tiếp nhận hồ sơ", Role.COUNTER_OFFICER, "", 0.05, ""),
            ("Thẩm định hồ sơ", Role.SPECIALIST, "nongnghiep", 0.5, ""),
            ("Ký duyệt", Role.LEADER, "ubnd", 0.3, ""),
            ("Trả kết quả", Role.COUNTER_OFFICER, "", 0.15, ""),
        ]
        name = "Liên thông xã – Sở – UBND tỉnh (demo)"
        if all([_process(four_levels, agencies[c], agencies, steps, name) for c in ("hoaan", "bacson", "tanphu")]):
            lines += _play_four_levels(four_levels, agencies)
    branch_procedure = _procedure_of(agencies["nongnghiep"])
    if branch_procedure is not None:
        steps = [
            ("Tiếp nhận hồ sơ", Role.COUNTER_OFFICER, "", 0.05, ""),
            ("Thẩm định hồ sơ", Role.SPECIALIST, "", 0.4, ""),
            ("Xác định nghĩa vụ tài chính", Role.SPECIALIST, "thue", 0.3, ""),
            ("Phê duyệt", Role.LEADER, "", 0.15, ""),
            ("Trả kết quả", Role.COUNTER_OFFICER, "", 0.1, ""),
        ]
        name = "Liên thông Sở – Thuế tỉnh (demo)"
        if _process(branch_procedure, agencies["nongnghiep"], agencies, steps, name):
            lines.append(_play_branch(branch_procedure, agencies["nongnghiep"]))
    group = _published(GROUP_PROCEDURE)
    if group is not None:
        steps = [
            ("Tiếp nhận hồ sơ", Role.COUNTER_OFFICER, "", 0.05, ""),
            ("Đăng ký khai sinh", Role.SPECIALIST, "", 0.2, ""),
            ("Ký giấy khai sinh", Role.LEADER, "", 0.1, "Giấy khai sinh"),
            ("Cấp thẻ bảo hiểm y tế", Role.LEADER, "bhxh", 0.6, "Thẻ bảo hiểm y tế"),
            ("Trả kết quả", Role.COUNTER_OFFICER, "", 0.05, ""),
        ]
        name = "Liên thông khai sinh – thẻ BHYT (demo)"
        if all([_process(group, agencies[c], agencies, steps, name) for c in ("hoaan", "bacson", "tanphu")]):
            lines.append(_play_group(group, agencies["hoaan"]))
    return lines or ["Liên thông: skipped (no commune or department procedure with a time limit)"]


def _play_four_levels(version: ProcedureVersion, agencies: dict[str, Agency]) -> list[str]:
    done = _receive(version, agencies["hoaan"], "hoaan.motcua", 0)
    _act(done, "nongnghiep.chuyenvien", Action.ASSIGN)
    _act(done, "nongnghiep.chuyenvien", Action.FORWARD, note=f"{MARK}: đủ điều kiện, trình UBND tỉnh")
    _act(done, "ubnd.lanhdao", Action.APPROVE, note="Đồng ý")
    _act(done, "hoaan.motcua", Action.RETURN_RESULT, method="counter", receiver=done.applicant_name)
    back = _receive(version, agencies["bacson"], "bacson.motcua", 1)
    _act(back, "nongnghiep.chuyenvien", Action.ASSIGN)
    _act(back, "nongnghiep.chuyenvien", Action.FORWARD, note=MARK)
    _act(back, "ubnd.lanhdao", Action.SEND_BACK, reason="Bổ sung ý kiến thẩm định về quy hoạch sử dụng đất")
    waiting = _receive(version, agencies["tanphu"], "tanphu.motcua", 2)
    return [
        f"Liên thông: {done.code} went Phường Hòa An → Sở Nông nghiệp → UBND tỉnh → Phường Hòa An (returned)",
        f"Liên thông: {back.code} sent back by UBND tỉnh to Sở Nông nghiệp with a reason (nongnghiep.chuyenvien)",
        f"Liên thông: {waiting.code} received at Xã Tân Phú, waiting at Sở Nông nghiệp (/desk/lien-thong/)",
    ]


def _play_branch(version: ProcedureVersion, department: Agency) -> str:
    dossier = _receive(version, department, "nongnghiep.motcua", 3)
    _act(dossier, "nongnghiep.chuyenvien", Action.ASSIGN)
    _act(dossier, "nongnghiep.chuyenvien", Action.FORWARD, note=f"{MARK}: chuyển Thuế tỉnh xác định")
    return f"Liên thông: {dossier.code} handed from Sở Nông nghiệp to Thuế tỉnh, waiting (thue.chuyenvien)"


def _play_group(version: ProcedureVersion, commune: Agency) -> str:
    dossier = _receive(version, commune, "hoaan.motcua", 3)
    _act(dossier, "hoaan.chuyenvien", Action.ASSIGN)
    _act(dossier, "hoaan.chuyenvien", Action.FORWARD, note=MARK)
    birth = _pdf("Giấy khai sinh", dossier)
    _act(dossier, "hoaan.lanhdao", Action.APPROVE, result_file_id=birth)
    card = _pdf("Thẻ bảo hiểm y tế", dossier)
    _act(dossier, "bhxh.lanhdao", Action.APPROVE, result_file_id=card)
    return (
        f"Liên thông nhóm {GROUP_PROCEDURE}: {dossier.code}, two results (commune, BHXH tỉnh), ready at Phường Hòa An"
    )


def _published(code: str) -> ProcedureVersion | None:
    return (
        ProcedureVersion.objects.filter(procedure__code=code, status=VersionStatus.PUBLISHED)
        .select_related("procedure")
        .first()
    )


def _limit(version: ProcedureVersion) -> ProcedureChannel | None:
    return next((c for c in version.channels.all() if c.channel == "counter" and c.has_deadline), None)


def _commune_procedure(commune: Agency) -> ProcedureVersion | None:
    """A procedure the commune handles at its counter, with a time limit of a few working days or more."""
    return _procedure_of(commune, exclude=GROUP_PROCEDURE)


def _procedure_of(agency: Agency, exclude: str = "") -> ProcedureVersion | None:
    codes = (
        AgencyProcedure.objects.filter(agency=agency, is_active=True)
        .exclude(procedure__code=exclude)
        .order_by("procedure__code")
        .values_list("procedure__code", flat=True)
    )
    for code in codes[:200]:
        version = _published(code)
        row = _limit(version) if version is not None else None
        if row is not None and row.deadline_amount is not None and row.deadline_amount >= 5:
            return version
    return None


def _process(
    version: ProcedureVersion, agency: Agency, agencies: dict[str, Agency], steps: list[Step], name: str
) -> bool:
    row = _limit(version)
    if row is None or row.deadline_amount is None:  # no time limit at the counter: nothing to share out
        return False
    limit = row.deadline_amount
    amounts = [(limit * Decimal(str(share))).quantize(Decimal("0.01"), rounding=ROUND_DOWN) for *_x, share, _r in steps]
    amounts[-1] = limit - sum(amounts[:-1], Decimal(0))  # the budgets add up to the limit exactly
    inputs = [
        StepInput(
            name=step_name,
            role=role,
            budget_amount=amount,
            budget_unit=row.deadline_unit,
            unit=agencies[key] if key else None,
            result_name=result,
        )
        for (step_name, role, key, _share, result), amount in zip(steps, amounts, strict=True)
    ]
    AgencyProcedure.objects.get_or_create(agency=agency, procedure=version.procedure)
    try:
        save_process(procedure=version.procedure, agency=agency, channel="counter", steps=inputs, name=name)
    except ProcessError:  # a limit the shares cannot fit (another channel's): the default steps stay, nothing played
        return False
    return True


def _receive(version: ProcedureVersion, agency: Agency, officer: str, n: int) -> Dossier:
    name, number = APPLICANTS[n % len(APPLICANTS)]
    return receive_dossier(
        officer=User.objects.get(username=officer),
        procedure_code=version.procedure.code,
        agency_code=agency.code,
        channel="counter",
        applicant=ApplicantInput(name=name, id_number=number, address=agency.short_name),
        documents=[DocumentInput(name="Đơn đề nghị", originals=1)],
    )


def _act(dossier: Dossier, username: str, action: Action, **fields: object) -> Dossier:
    dossier.refresh_from_db()
    command = INPUTS[action](**fields)
    return perform_action(
        code=dossier.code, actor=User.objects.get(username=username), version=dossier.version, command=command
    )


def _pdf(title: str, dossier: Dossier) -> int:
    who = f"{escape(dossier.code)} – {escape(dossier.applicant_name)}"
    body = f"<h1>{escape(title)}</h1><p>{who}</p><p>Bản điện tử (demo)</p>"
    data = HTML(string=f"<html lang='vi'><body style='font-family: DejaVu Sans'>{body}</body></html>").write_pdf()
    upload = SimpleUploadedFile(f"{title}.pdf", data, content_type="application/pdf")
    return store_upload(data=upload, original_name=f"{title}.pdf", title=title).pk
