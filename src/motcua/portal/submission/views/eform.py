"""Online submission (/nop-ho-so/): find a procedure that can be submitted online, fill its e-form (kept as a
draft at every post, so a refused file or a missing field loses nothing), submit it, see its code and secret."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.access import citizen_required
from motcua.accounts.selectors import drafts_of, my_dossier
from motcua.catalog import selectors as catalog
from motcua.core.cursors import BadCursor
from motcua.core.params import parse_id, parse_int
from motcua.dossiers.models import ReturnMethod
from motcua.portal.submission import selectors, services
from motcua.portal.submission.services import FIELDS, FormInput, Upload

CHECKBOXES = ("notify_sms", "notify_email")
SUBMITTED = "submitted_drafts"  # in the session: draft id -> the code of the dossier it became


def index(request):
    """Procedures that can be submitted online, searched without diacritics; my drafts when logged in."""
    query = request.GET.get("q", "").strip()[:200]
    filters = catalog.SearchFilters(query=query, online_level="any")
    try:
        page = catalog.search_procedures(filters, cursor=request.GET.get("tiep"), limit=30)
    except BadCursor:
        page = catalog.search_procedures(filters, limit=30)
    next_query = None
    if page.next_cursor:
        params = request.GET.copy()
        params["tiep"] = page.next_cursor
        next_query = params.urlencode()
    drafts = drafts_of(request.user) if request.user.is_authenticated else []
    context = {"page": page, "query": query, "next_query": next_query, "drafts": drafts}
    return render(request, "submission/index.html", context)


@citizen_required
def start(request, code: str):
    """From a procedure's page: the e-form, resumed where the citizen left it."""
    version = selectors.online_version(code)
    if version is None:
        raise Http404(_("This procedure cannot be submitted online."))
    draft = services.start_draft(citizen=request.user, version=version)
    return redirect("submission:draft", draft_id=draft.pk)


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def draft(request, draft_id: int):
    found = selectors.draft_of(user=request.user, draft_id=draft_id)
    if found is None:
        # The back button after submitting: the draft became a dossier; show its page rather than a bare 404.
        code = request.session.get(SUBMITTED, {}).get(str(draft_id))
        if code:
            return redirect("submission:done", code=code)
        return render(request, "submission/gone.html", status=404)
    version = selectors.online_version(found.procedure.code)
    if version is None:
        messages.error(request, _("This procedure can no longer be submitted online; your draft is kept."))
        return redirect("submission:index")
    errors, status = {}, 200
    if request.method == "POST":
        errors = services.save_draft(draft=found, version=version, form=_form_input(request))
        if request.POST.get("do") == "submit" and not errors:
            try:
                dossier = services.submit_draft(draft=found, version=version)
            except services.Incomplete as incomplete:
                errors = incomplete.errors
            else:
                submitted = request.session.get(SUBMITTED, {})
                submitted[str(draft_id)] = dossier.code
                request.session[SUBMITTED] = dict(list(submitted.items())[-20:])  # the last few are enough
                return redirect("submission:done", code=dossier.code)
        if errors:
            status = 422
        else:
            messages.success(request, _("Your draft is saved. You can come back to it from your account."))
            return redirect("submission:draft", draft_id=found.pk)
    form = selectors.eform(draft=found, version=version)
    for slot in form.slots:
        slot.error = errors.get(f"doc-{slot.position}", "")
    context = {
        "eform": form,
        "data": found.data,
        "errors": errors,
        "summary": _summary(errors, form),
        "return_methods": _return_methods(),
    }
    return render(request, "submission/draft.html", context, status=status)


def _summary(errors: dict[str, str], form) -> list[tuple[str, str]]:
    """Each problem named by what it is about, with the place in the form to go to (the page's first lines)."""
    labels = {
        "name": _("Full name"),
        "id_number": _("ID number (CCCD) or tax code"),
        "phone": _("Phone"),
        "agency": _("Agency your dossier is for"),
        "return_method": _("How you receive the result"),
        "return_address": _("Address for the result by post"),
    }
    slots = {f"doc-{slot.position}": slot for slot in form.slots}
    lines = []
    for key, message in errors.items():
        if key in slots:
            slot = slots[key]
            lines.append((f"ef-doc-{slot.position}-box", f"{slot.name or _('Other documents')}: {message}"))
        elif key in labels:
            lines.append((f"ef-{key.replace('_', '-')}", f"{labels[key]}: {message}"))
        else:
            lines.append(("", message))
    return lines


def _form_input(request) -> FormInput:
    values = {name: request.POST.get(name, "") for name in FIELDS if name not in CHECKBOXES}
    values |= {name: name in request.POST for name in CHECKBOXES}
    uploads, kept, picked = [], {}, {}
    for key in request.FILES:
        if key.startswith("doc-") and (index := parse_int(key[4:])) is not None:
            uploads += [Upload(index, f.name or "", f) for f in request.FILES.getlist(key)]
    for key in request.POST:
        prefix, _sep, position = key.partition("-")
        if prefix in ("keep", "pick") and (index := parse_int(position)) is not None:
            ids = [i for v in request.POST.getlist(key) if (i := parse_id(v))]
            (kept if prefix == "keep" else picked)[index] = ids
    return FormInput(values=values, uploads=uploads, kept=kept, picked=picked)


def _return_methods():
    return [
        (ReturnMethod.ONLINE, _("Online: the electronic result in my account")),
        (ReturnMethod.POST, _("By post to the address below")),
        (ReturnMethod.COUNTER, _("At the centre's counter")),
    ]


@require_POST
@citizen_required
def discard(request, draft_id: int):
    if services.discard_draft(citizen=request.user, draft_id=draft_id):
        messages.success(request, _("The draft was thrown away. The files you attached stay in your documents."))
    return redirect("accounts:home")


@never_cache
@citizen_required
def done(request, code: str):
    """Just submitted: the code and the secret to look it up, and what happens next."""
    dossier = my_dossier(user=request.user, code=code)
    if dossier is None:
        raise Http404(_("No dossier has the code %(code)s.") % {"code": code})
    unpaid = dossier.fees.filter(paid_at=None, amount__gt=0).exists()  # due at reception: it may be paid now
    return render(request, "submission/done.html", {"dossier": dossier, "unpaid": unpaid})
