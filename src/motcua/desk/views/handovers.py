"""The hand-over screen (/desk/lien-thong/, "Hồ sơ liên thông"): dossiers handed between agencies."""

from __future__ import annotations

from django.shortcuts import render

from motcua.core.access import staff_required
from motcua.desk.selectors import handovers as selectors
from motcua.desk.selectors.supervision import state_label


@staff_required
def handovers(request):
    lists = selectors.handover_lists(request.user)
    for row in (*lists.waiting, *lists.received, *lists.sent):
        row.state_text = state_label(row.dossier.state)
    return render(request, "desk/handovers.html", {"lists": lists, "limit": selectors.LIMIT})
