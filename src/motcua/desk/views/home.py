"""The home page of each role, and the scanner's way in: a code typed anywhere opens its dossier."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.access import staff_required, user_roles
from motcua.core.models import Role
from motcua.desk.selectors.home import waiting
from motcua.desk.selectors.inbox import scope_for
from motcua.dossiers.services.access import visible_dossiers

# What each role does first, in the order the home page offers it.
SCREENS = [
    ("desk:reception", {Role.COUNTER_OFFICER}),
    ("desk:inbox", {Role.SPECIALIST, Role.LEADER, Role.COUNTER_OFFICER}),
    ("desk:returns", {Role.COUNTER_OFFICER}),
    ("desk:supervision", {Role.SUPERVISOR, Role.LEADER}),
    ("desk:statistics", {Role.SUPERVISOR, Role.LEADER}),
]


@staff_required
def home(request):
    roles = user_roles(request.user)
    screens = [name for name, wanted in SCREENS if roles & wanted]
    counts = waiting(scope_for(request.user)) if roles & {Role.COUNTER_OFFICER, Role.SPECIALIST, Role.LEADER} else None
    return render(request, "desk/home.html", {"screens": screens, "roles": sorted(roles), "waiting": counts})


@staff_required
def find(request):
    """GET ?ma=<code>: what a barcode scanner types followed by Enter. Opens the dossier when it exists."""
    code = (request.GET.get("ma") or "").strip().upper()
    if code and visible_dossiers(request.user).filter(code=code).exists():
        return redirect("desk:dossier", code=code)
    messages.error(request, _("No dossier has the code %(code)s.") % {"code": code or "—"})
    return redirect(request.META.get("HTTP_REFERER") or "desk:home")
