"""The connectors' status page (/desk/ket-noi/): each connector's pending, failing and dead messages and its last
success; the dead letters, which a supervisor or an administrator sends again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.connectors import selectors
from motcua.connectors.services import outbox
from motcua.core.access import staff_required, user_roles
from motcua.core.models import Role
from motcua.core.params import parse_id

MAX_REPLAY = 100


def _allowed(user) -> bool:
    return bool(user.is_superuser or user_roles(user) & {Role.SUPERVISOR, Role.ADMINISTRATOR})


@staff_required
def status(request):
    if not _allowed(request.user):
        return render(request, "connectors/status.html", {"allowed": False}, status=403)
    if request.method == "POST":
        ids = [i for i in (parse_id(v) for v in request.POST.getlist("message")[:MAX_REPLAY]) if i is not None]
        replayed = outbox.replay(message_ids=ids)
        if replayed:
            text = ngettext("%(n)d message will be sent again.", "%(n)d messages will be sent again.", replayed)
            messages.success(request, text % {"n": replayed})
        else:
            messages.error(request, _("Choose the dead messages to send again."))
        return redirect(reverse("desk:connectors"))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "allowed": True,
        "statuses": selectors.statuses(),
        "dead": list(selectors.dead_letters()),
        "inbound": selectors.inbound_count(),
    }
    return render(request, "connectors/status.html", context)
