"""Dossiers pushed by another system (the national portal, a ministry's system) with a token of scope
`dossiers:submit`: each becomes a `submitted` online dossier here, with its files, exactly once per system and
dossier id. The body uses the portal's field names (connectors.services.inbound reads the same shape when it
polls the portal); docs/connectors.md says what is known of that standard and what is not verified."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field as PydanticField

from motcua.api.auth import require_scope
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.connectors.services.inbound import MAX_DOCUMENTS, MAX_FILES, InboundError, open_inbound
from motcua.core.models import ApiScope
from motcua.dossiers import services

router = Router(tags=["inbound"], auth=require_scope(ApiScope.DOSSIERS_SUBMIT))

MAX_FILE_BASE64 = 28_000_000  # a 20 MB file in base64, the upload limit of every file


class InboundFileIn(Schema):
    TenTep: str = PydanticField(..., min_length=1, max_length=255, description="the file's name")
    NoiDung: str = PydanticField(..., max_length=MAX_FILE_BASE64, description="the file's bytes, base64")


class InboundPaperIn(Schema):
    TenGiayTo: str = PydanticField(..., min_length=1, max_length=500, description="the document's name")
    TepDinhKem: list[InboundFileIn] = PydanticField([], max_length=MAX_FILES)


class InboundApplicantIn(Schema):
    HoTen: str = PydanticField(..., min_length=1, max_length=255)
    SoGiayTo: str = PydanticField(..., min_length=1, max_length=20, description="ID number (CCCD) or tax code")
    LoaiDoiTuong: Literal[1, 2] = PydanticField(1, description="1 a person, 2 an organisation")
    SoDienThoai: str = PydanticField("", max_length=20)
    Email: str = PydanticField("", max_length=254)
    DiaChi: str = PydanticField("", max_length=255)


class InboundDossierIn(Schema):
    MaHoSoQG: str = PydanticField(..., min_length=1, max_length=100, description="the sender's dossier id")
    MaTTHC: str = PydanticField(..., min_length=1, max_length=40, description="national procedure code")
    MaDonVi: str = PydanticField(..., min_length=1, max_length=40, description="the receiving agency's code")
    ChuHoSo: InboundApplicantIn
    GiayTo: list[InboundPaperIn] = PydanticField([], max_length=MAX_DOCUMENTS)


class InboundOut(Schema):
    external_id: str
    code: str = PydanticField(description="the dossier's code here")
    new: bool = PydanticField(description="false: this dossier id had already been received (nothing was written)")


@router.post("/inbound/dossiers", response={200: InboundOut, 201: InboundOut, **errors(401, 403, 404, 422, 429)})
def receive_inbound(request, body: InboundDossierIn):
    """Receive a dossier submitted on another system; sending it again answers 200 with the same dossier."""
    token = getattr(request, "api_token", None)
    source = f"system:{token.system}" if token is not None and token.system else "national_portal"
    try:
        opened = open_inbound(item=body.model_dump(), source=source[:64])
    except InboundError as error:
        raise ApiError(422, "inbound_refused", _("This dossier cannot be opened: %(why)s.") % {"why": error}) from error
    except services.DossierError as error:
        raise ApiError(error.status, error.code, error.message) from error
    return Status(
        201 if opened.new else 200, InboundOut(external_id=opened.external_id, code=opened.code, new=opened.new)
    )
