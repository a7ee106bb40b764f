"""Dossiers submitted on the national portal come in here: the worker polls the portal for new ones, opens each
as a `submitted` dossier (for the desk to check, like one submitted online here) with its files, and tells the
portal which of ours it became. Exactly once: the portal's dossier id is unique per source (a constraint), and
the dossier and that row are written in one transaction, so a dossier listed twice, polled by two workers at
once, or acknowledged late is opened once."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.connectors.models import InboundDossier
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.errors import DossierError
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.services.intake import (
    ApplicantInput,
    DocumentInput,
    open_dossier,
    published_version,
    require_applicant,
    upsert_applicant,
)
from motcua.dossiers.services.online import online_agencies, online_centre
from motcua.dossiers.states import APPLICANT

log = logging.getLogger(__name__)

SOURCE = "national_portal"
LIST_PATH, ACK_PATH = "/api/hoso/moi", "/api/hoso/da-nhan"
MAX_LIST = 64 * 1024 * 1024  # a page of dossiers with their files (base64)
MAX_DOSSIERS, MAX_DOCUMENTS, MAX_FILES = 50, 30, 10  # per page, per dossier, per document


class InboundError(ValueError):
    """The portal sent something we cannot open (said by code, never with the applicant's data)."""


@dataclass(frozen=True)
class Opened:
    external_id: str
    code: str
    new: bool


def _call(path: str, body: bytes | None = None) -> Any:
    request = urllib.request.Request(
        settings.NATIONAL_PORTAL_URL.rstrip("/") + path,
        data=body,
        headers={"Authorization": f"Bearer {settings.NATIONAL_PORTAL_TOKEN}", "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=float(settings.CONNECTORS_TIMEOUT)) as response:
        return json.loads(response.read(MAX_LIST + 1)[:MAX_LIST])


def poll(*, batch: int = MAX_DOSSIERS, now: datetime | None = None) -> int:
    """The worker's job: fetch the portal's new dossiers, open the ones not opened yet, acknowledge them all;
    how many were opened. The portal unreachable: nothing happens (the next poll tries again)."""
    if not settings.NATIONAL_PORTAL_URL:
        return 0
    try:
        listed = _call(f"{LIST_PATH}?limit={min(batch, MAX_DOSSIERS)}")
    except (OSError, ValueError) as exc:
        log.warning("national portal poll failed: %s", type(exc).__name__)
        return 0
    items = listed.get("HoSo", []) if isinstance(listed, dict) else []
    opened: list[Opened] = []
    for item in items[:MAX_DOSSIERS]:
        try:
            opened.append(open_inbound(item=item, now=now))
        except (InboundError, DossierError) as exc:  # left on the portal: listed again, logged each time
            log.warning("inbound dossier %s refused: %s", str(item.get("MaHoSoQG", "?"))[:100], _reason(exc))
    if opened:
        acks = [{"MaHoSoQG": o.external_id, "MaHoSo": o.code} for o in opened]
        try:
            _call(ACK_PATH, json.dumps({"HoSo": acks}).encode())
        except (OSError, ValueError) as exc:  # listed again next time: opened already, acknowledged again
            log.warning("national portal acknowledgement failed: %s", type(exc).__name__)
    return sum(o.new for o in opened)


def _reason(exc: Exception) -> str:
    return exc.code if isinstance(exc, DossierError) else str(exc)


def open_inbound(*, item: dict[str, Any], source: str = SOURCE, now: datetime | None = None) -> Opened:
    """Open one dossier from another system, once: a second call for the same id gives the first dossier."""
    external_id = str(item.get("MaHoSoQG", "")).strip()
    if not external_id or len(external_id) > 100:
        raise InboundError("no_external_id")
    known = InboundDossier.objects.filter(source=source, external_id=external_id)
    if first := known.values_list("dossier__code", flat=True).first():
        return Opened(external_id, first, new=False)
    try:
        with transaction.atomic():
            dossier = _open(item, now or timezone.now())
            InboundDossier.objects.create(
                source=source, external_id=external_id, dossier=dossier, province_id=dossier.province_id
            )
    except IntegrityError:  # another worker opened it between our look and our write: its dossier stands
        return Opened(external_id, known.values_list("dossier__code", flat=True).get(), new=False)
    log.info("inbound dossier %s opened as %s", external_id, dossier.code)
    return Opened(external_id, dossier.code, new=True)


def _open(item: dict[str, Any], now: datetime) -> Dossier:
    version = published_version(str(item.get("MaTTHC", ""))[:40])
    agency_code = str(item.get("MaDonVi", ""))[:40]
    agency = next((a for a in online_agencies(version.procedure_id) if a.code == agency_code), None)
    if agency is None:
        raise InboundError("unknown_agency")
    person = item.get("ChuHoSo") or {}
    applicant = ApplicantInput(
        name=str(person.get("HoTen", ""))[:255],
        id_number=str(person.get("SoGiayTo", ""))[:20],
        kind="organisation" if person.get("LoaiDoiTuong") == 2 else "person",
        phone=str(person.get("SoDienThoai", ""))[:20],
        email=str(person.get("Email", ""))[:254],
        address=str(person.get("DiaChi", ""))[:255],
    )
    require_applicant(applicant)
    documents, file_ids = _documents(item.get("GiayTo") or [], applicant.id_number)
    dossier, _steps = open_dossier(
        version=version,
        agency=agency,
        channel="online",
        applicant=applicant,
        who=upsert_applicant(applicant, checked_at=None),
        documents=documents,
        centre=online_centre(agency),
        role=APPLICANT,
        files=Q(pk__in=file_ids),
        keep_in_store=False,
        now=now,
    )
    return dossier


def _documents(papers: list[Any], id_number: str) -> tuple[list[DocumentInput], list[int]]:
    if not isinstance(papers, list) or len(papers) > MAX_DOCUMENTS:
        raise InboundError("documents")
    documents, file_ids = [], []
    for paper in papers:
        files = paper.get("TepDinhKem") or [] if isinstance(paper, dict) else None
        if not isinstance(files, list) or len(files) > MAX_FILES:
            raise InboundError("files")
        ids = []
        for attached in files:
            try:
                data = base64.b64decode(str(attached.get("NoiDung", "")), validate=True)
            except (binascii.Error, ValueError, AttributeError) as exc:
                raise InboundError("file_encoding") from exc
            stored = store_upload(
                data=data, original_name=str(attached.get("TenTep", "tep"))[:255], applicant_id_number=id_number
            )
            ids.append(stored.pk)
        documents.append(DocumentInput(name=str(paper.get("TenGiayTo", ""))[:500] or "-", file_ids=ids))
        file_ids += ids
    return documents, file_ids
