"""The dossier page (/desk/ho-so/<code>/): summary, documents shown inline, timeline, forms to print, and the
actions the user may take now, each a small form posted back here with the version the page showed.

A colleague who acted first makes the action a conflict (409): the page explains it, shows the dossier as it is
now and keeps what was typed. A refusal of the rules (a missing reason, a date too early) shows its message by
the form (422), nothing lost."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.access import staff_required
from motcua.core.views import private_file
from motcua.desk.selectors import dossier as selectors
from motcua.dossiers import services
from motcua.dossiers.models import PaymentMethod, ReturnMethod
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.states import Action

# The fields each action's form posts (besides `action` and `version`).
FIELDS = {
    Action.ASSIGN: ("assignee",),
    Action.FORWARD: ("note",),
    Action.SEND_BACK: ("reason",),
    Action.REQUEST_SUPPLEMENT: ("reason", "other_missing"),
    Action.COMPLETE_SUPPLEMENT: ("note",),
    Action.APPROVE: ("note", "result_file_id"),
    Action.REFUSE: ("reason",),
    Action.STOP: ("reason",),
    Action.WITHDRAW: ("reason",),
    Action.EXTEND: ("new_due_at", "reason", "apology"),
    Action.RETURN_RESULT: ("method", "receiver", "tracking_number", "receipt_number", "payment_method"),
}


@dataclass
class ActionForm:
    name: str
    label: str
    values: dict = field(default_factory=dict)
    error: str = ""
    kept_file: object = None  # a result already uploaded by this user, kept across a failed approval
    attempted: bool = False  # the form just submitted (shown open, with what was typed)


@staff_required
def dossier(request, code):
    if request.method == "POST":
        return _act(request, code)
    if "tep" in request.GET:
        return dossier_file(request, code, request.GET["tep"])
    found = selectors.page(code, request.user)
    if found is None:
        raise Http404(_("No dossier has the code %(code)s.") % {"code": code})
    return _render(request, found)


def _render(request, found, *, attempted: ActionForm | None = None, conflict: str = "", status: int = 200):
    forms = []
    for name in found.actions:
        if attempted is not None and attempted.name == name:
            forms.append(attempted)
        else:
            forms.append(ActionForm(name, str(selectors.ACTION_LABELS[name]), values=_defaults(found, name)))
    lost = attempted if attempted is not None and attempted.name not in found.actions else None
    context = {
        "page": found,
        "dossier": found.dossier,
        "forms": forms,
        "conflict": conflict,
        "lost": lost,  # what was typed for an action no longer possible: shown so that nothing is lost
        "lost_lines": [
            v if isinstance(v, str) else ", ".join(v)
            for k, v in (lost.values if lost else {}).items()
            if k != "result_file_id"
        ],
        "return_methods": ReturnMethod.choices,
        "payment_methods": PaymentMethod.choices,
    }
    return render(request, "desk/dossier.html", context, status=status)


def _defaults(found, name: str) -> dict:
    """What a form starts with: nothing typed, except the obvious choices."""
    if name == Action.ASSIGN:
        return {"assignee": found.access.user.username} if found.access.user.username in dict(found.assignees) else {}
    if name == Action.RETURN_RESULT:
        return {"method": found.dossier.return_method, "receiver": found.dossier.applicant_name}
    return {}


def _typed(request, action: str) -> dict:
    values = {name: request.POST.get(name, "") for name in FIELDS.get(action, ())}
    if action == Action.REQUEST_SUPPLEMENT:
        values["missing"] = request.POST.getlist("missing")
    return {k: v for k, v in values.items() if v}


def _fields(request, action: str, values: dict, kept) -> dict:
    """The fields perform_action wants, from what was typed."""
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if action == Action.REQUEST_SUPPLEMENT:
        others = [line.strip() for line in values.get("other_missing", "").splitlines() if line.strip()]
        fields = {"reason": fields.get("reason", ""), "items": [*values.get("missing", []), *others]}
    elif action == Action.APPROVE:
        fields.pop("result_file_id", None)
        if kept is not None:
            fields["result_file_id"] = kept.pk
    return fields


def _act(request, code):
    action = request.POST.get("action", "")
    found = selectors.page(code, request.user)
    if found is None:
        raise Http404(_("No dossier has the code %(code)s.") % {"code": code})
    label = selectors.ACTION_LABELS.get(action)
    if label is None:
        messages.error(request, _("Unknown action."))
        return redirect("desk:dossier", code=code)
    attempted = ActionForm(action, str(label), values=_typed(request, action), attempted=True)
    kept = selectors.own_upload(request.user, request.POST.get("result_file_id")) if action == Action.APPROVE else None
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        upload = request.FILES.get("result") if action == Action.APPROVE else None
        if upload is not None:
            kept = store_upload(
                data=upload.read(), original_name=upload.name or "", title=_("Result"), user=request.user
            )
        attempted.kept_file = kept
        if kept is not None:
            attempted.values["result_file_id"] = kept.pk
        services.perform_action(
            code=code,
            action=action,
            actor=request.user,
            version=version,
            fields=_fields(request, action, attempted.values, kept),
        )
    except services.Conflict as error:
        fresh = selectors.page(code, request.user)
        if fresh is None:
            raise Http404(code) from error
        message = _(
            "Someone acted on this dossier after you opened it, so your action was not recorded. The page now shows "
            "the dossier as it is; what you typed is kept below. Check it, then submit again if it still applies."
        )
        return _render(request, fresh, attempted=attempted, conflict=message, status=409)
    except services.DossierError as error:
        attempted.error = error.message
        return _render(request, found, attempted=attempted, status=error.status if error.status != 404 else 422)
    messages.success(request, _("%(action)s: done.") % {"action": label})
    return redirect("desk:dossier", code=code)


def dossier_file(request, code, raw_id: str):
    """?tep=<id>: a scan or the result of a dossier the user may see, shown inline (PDF or image) in the page's
    own frame; 404 for anyone else."""
    stored = selectors.visible_file(code, request.user, int(raw_id)) if raw_id.isdigit() else None
    if stored is None:
        raise Http404(_("No such file."))
    return private_file(stored, filename=f"{code}-{stored.pk}")
