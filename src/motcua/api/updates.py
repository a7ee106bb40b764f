"""The feed of dossier updates for other systems that poll (scope `updates:receive`); pushes are the connectors'."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from motcua.api.auth import require_scope
from motcua.api.errors import ApiError
from motcua.api.schemas import errors
from motcua.core import cursors
from motcua.core.models import ApiScope
from motcua.dossiers.feed import updates_after

router = Router(tags=["updates"], auth=require_scope(ApiScope.UPDATES_RECEIVE))


class UpdatesQuery(Schema):
    cursor: str | None = PydanticField(None, max_length=200, description="`next_cursor` of the previous answer")
    limit: int = PydanticField(100, ge=1, le=500)


class UpdateOut(Schema):
    id: int
    dossier: str = PydanticField(description="the dossier's code")
    action: str
    from_state: str
    to_state: str
    at: datetime
    agency: str | None = PydanticField(description="the agency the action was taken for")
    step: str


class UpdatesPageOut(Schema):
    items: list[UpdateOut]
    next_cursor: str = PydanticField(description="ask again with it: later updates come after it, none is skipped")
    more: bool = PydanticField(description="whether updates are waiting beyond this page")


@router.get("/updates", response={200: UpdatesPageOut, **errors(400, 401, 422)}, summary="Dossier updates")
def list_updates(request, params: Query[UpdatesQuery]):
    """Every action on the dossiers the caller may see, oldest first (states before and after, when, the agency).
    Poll with `next_cursor`; an update shows up once it is 10 seconds old, so that none is ever skipped."""
    after = 0
    if params.cursor:
        try:
            (after,) = cursors.decode(params.cursor, int)
        except cursors.BadCursor as exc:
            raise ApiError(400, "bad_cursor", _("This cursor is not valid; start again without it.")) from exc
    rows = updates_after(user=request.auth, after=int(after or 0), limit=params.limit + 1)
    more, rows = len(rows) > params.limit, rows[: params.limit]
    items = [
        {
            "id": e.pk,
            "dossier": e.dossier.code,
            "action": e.action,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "at": e.at,
            "agency": e.agency.code if e.agency else None,
            "step": e.step_name,
        }
        for e in rows
    ]
    return {"items": items, "next_cursor": cursors.encode(rows[-1].pk if rows else int(after or 0)), "more": more}
