"""The dossier page (/desk/ho-so/<code>/): summary, documents shown inline, timeline, forms to print, and the
actions the user may take now, each a small form posted back here with the version the page showed.

A colleague who acted first makes the action a conflict (409): the page explains it, shows the dossier as it is
now and keeps what was typed. A refusal of the rules (a missing reason, a date too early) shows its message by
the form (422), nothing lost."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from pydantic import ValidationError

from motcua.core.access import staff_required
from motcua.core.params import parse_id, parse_int
from motcua.core.views import private_file
from motcua.desk.selectors import dossier as selectors
from motcua.desk.views import action_forms
from motcua.desk.views.action_forms import ActionForm
from motcua.dossiers import services
from motcua.dossiers.models import PaymentMethod, ReturnMethod
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.states import Action, State
from motcua.receipts import access as receipts_access
from motcua.receipts import selectors as receipts
from motcua.signatures.services import Approval, approve_with_signature


@staff_required
def dossier(request, code):
    if request.method == "POST":
        return _act(request, code)
    if "tep" in request.GET:
        return dossier_file(request, code, request.GET["tep"])
    found = selectors.page(code=code, user=request.user)
    if found is None:
        raise Http404(_("No dossier has the code %(code)s.") % {"code": code})
    return _render(request, found)


def _render(request, found, *, attempted: ActionForm | None = None, conflict: str = "", status: int = 200):
    forms = []
    for name in found.actions:
        if attempted is not None and attempted.name == name:
            forms.append(attempted)
        else:
            label = selectors.action_label(name, found.dossier)
            forms.append(ActionForm(name, label, values=_defaults(found, name)))
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
        "fee_rows": receipts.fee_panel(found.dossier),
        "may_collect": receipts_access.may_collect_for(request.user, found.dossier.agency_id),
    }
    return render(request, "desk/dossier.html", context, status=status)


def _defaults(found, name: str) -> dict:
    """What a form starts with: nothing typed, except the obvious choices."""
    if name == Action.ASSIGN:
        return {"assignee": found.access.user.username} if found.access.user.username in dict(found.assignees) else {}
    if name == Action.RETURN_RESULT:
        return {"method": found.dossier.return_method, "receiver": found.dossier.applicant_name}
    return {}


def _act(request, code):
    action = request.POST.get("action", "")
    found = selectors.page(code=code, user=request.user)
    if found is None:
        raise Http404(_("No dossier has the code %(code)s.") % {"code": code})
    label = selectors.ACTION_LABELS.get(action)
    if label is None:
        messages.error(request, _("Unknown action."))
        return redirect("desk:dossier", code=code)
    action = Action(action)
    accepting = action == Action.FORWARD and found.dossier.state == State.SUBMITTED
    label = selectors.action_label(action, found.dossier)
    attempted = ActionForm(action, label, values=action_forms.posted(request.POST, action), attempted=True)
    kept = (
        selectors.own_upload(user=request.user, file_id=request.POST.get("result_file_id"))
        if action == Action.APPROVE
        else None
    )
    version = parse_int(request.POST.get("version", "")) or 0
    try:
        upload = request.FILES.get("result") if action == Action.APPROVE else None
        if upload is not None:
            kept = store_upload(data=upload, original_name=upload.name or "", title=_("Result"), user=request.user)
        attempted.kept_file = kept
        if kept is not None:
            attempted.values["result_file_id"] = kept.pk
        command = action_forms.command(action, attempted.values, kept)
        if action == Action.APPROVE:  # the result is signed with the agency's key when it has one
            approval = approve_with_signature(code=code, actor=request.user, version=version, command=command)
        else:
            services.perform_action(code=code, actor=request.user, version=version, command=command)
    except ValidationError as error:
        attempted.errors = action_forms.messages(error, attempted.values)
        attempted.error = " ".join(attempted.errors.values())
        return _render(request, found, attempted=attempted, status=422)
    except services.Conflict as error:
        fresh = selectors.page(code=code, user=request.user)
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
    if accepting:  # an online dossier accepted: its receipt, as a counter reception gives
        messages.success(
            request,
            format_html(
                '{} <a href="{}" target="_blank" rel="noopener" data-auto-open>{}</a>',
                _("Dossier %(code)s received.") % {"code": code},
                f"/api/v1/dossiers/{code}/forms/01.pdf",
                _("Print the receipt and appointment (Mẫu 01)"),
            ),
        )
    elif action == Action.APPROVE:
        messages.success(request, approval_message(approval, label))
    else:
        messages.success(request, _("%(action)s: done.") % {"action": label})
    return redirect("desk:dossier", code=code)


def dossier_file(request, code, raw_id: str):
    """?tep=<id>: a scan or the result of a dossier the user may see, shown inline (PDF or image) in the page's
    own frame; 404 for anyone else."""
    stored = (
        selectors.visible_file(code=code, user=request.user, file_id=file_id) if (file_id := parse_id(raw_id)) else None
    )
    if stored is None:
        raise Http404(_("No such file."))
    return private_file(stored, filename=f"{code}-{stored.pk}")


def approval_message(approval: Approval, label: str) -> str:
    """What the leader reads after approving: whether the result was signed, and why not."""
    done = _("%(action)s: done.") % {"action": label}
    if approval.signed is not None:
        return format_html(
            '{} {} <a href="{}" target="_blank" rel="noopener">{}</a>',
            done,
            _("The result was signed digitally by %(agency)s.") % {"agency": approval.signed.agency.name},
            f"/xac-thuc/{approval.signed.token}/",
            _("See its verification page"),
        )
    if approval.unsigned_reason == "no_key":
        why = _("The result was not signed digitally: the agency has no signing key.")
        return f"{done} {why}"
    if approval.unsigned_reason == "not_pdf":
        why = _("The result was not signed digitally: only a PDF result can be signed.")
        return f"{done} {why}"
    return done
