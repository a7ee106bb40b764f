"""What the applicant does online to a dossier afterwards: complete it when the centre asks for a supplement
(Mẫu 02), withdraw it. A citizen's own dossiers open from their account; another dossier (received at a
counter before the account existed) opens with the secret printed on its receipt."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts.access import citizen_required
from motcua.accounts.selectors import applicant_ids, my_dossier, reusable_files
from motcua.core.params import parse_id, parse_int
from motcua.dossiers import services
from motcua.dossiers.actions import CompleteSupplementInput, WithdrawInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import open_supplement_request, public_lookup
from motcua.dossiers.services.files import store_upload
from motcua.dossiers.states import WITHDRAWABLE, State
from motcua.portal.lookup import limiter


def _dossier(request, code: str) -> tuple[Dossier, str, bool]:
    """The dossier, its secret and whether it came from the receipt's secret (not the account), if this citizen
    may act on it; 404 otherwise (whatever the reason)."""
    mine = my_dossier(user=request.user, code=code)
    if mine is not None:
        return mine, mine.lookup_secret, False
    secret = (request.POST.get("bi-mat") or request.GET.get("bi-mat") or "").strip()[:16]
    try:
        found = limiter.look_up(request, lambda: public_lookup(code=code, secret=secret)) if secret else None
    except limiter.TooMany:
        found = None  # refused like a wrong secret: nothing tells a guess apart
    if found is not None:
        return Dossier.objects.get(pk=found.pk), secret, True
    raise Http404(_("No dossier matches this code and secret."))


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def supplement(request, code: str):
    dossier, secret, via_secret = _dossier(request, code)
    request_event = open_supplement_request(dossier)
    items = list(request_event.data.get("items", [])) if request_event else []
    my_files = list(reusable_files(request.user).order_by("-uploaded_at", "-pk")[:300])
    context = {
        "dossier": dossier,
        "secret": secret,
        "via_secret": via_secret,
        "items": list(enumerate(items, start=1)),
        "my_files": my_files,
        "attached": {},
        "note": "",
        "errors": {},
        "reason": request_event.note if request_event else "",
    }
    if dossier.state != State.AWAITING_SUPPLEMENT:
        context["not_waiting"] = True
        return render(request, "submission/supplement.html", context, status=409 if request.method == "POST" else 200)
    if request.method == "GET":
        return render(request, "submission/supplement.html", context)
    attached, errors = _gather(request, items, {f.pk for f in my_files})
    context.update(attached=attached, errors=errors, note=request.POST.get("note", "")[:2000])
    context["my_files"] = _with(my_files, request.user, attached)
    if not errors:
        documents = [
            services.DocumentInput(name=_("Supplement: %(item)s") % {"item": item}, file_ids=attached[i])
            for i, item in context["items"]
            if attached.get(i)
        ]
        try:
            services.act_as_applicant(
                code=dossier.code,
                secret=secret,
                citizen=request.user,
                command=CompleteSupplementInput(note=context["note"]),
                documents=documents,
                reusable_from=applicant_ids(request.user),
                version=_version(request),
            )
        except services.DossierError as error:
            errors["all"] = error.message
            if error.status == 409:
                errors["conflict"] = True
        else:
            messages.success(request, _("Your supplement was sent: the dossier is being handled again."))
            return redirect("accounts:home")
    return render(request, "submission/supplement.html", context, status=409 if "conflict" in errors else 422)


def _gather(request, items: list[str], mine: set[int]) -> tuple[dict[int, list[int]], dict]:
    """The files for each requested item: uploaded now (stored in my documents first, so that a refusal loses
    nothing), kept from an earlier try, or picked from my documents."""
    attached: dict[int, list[int]] = {}
    errors: dict = {}
    for i, item in enumerate(items, start=1):
        ids = [n for v in request.POST.getlist(f"pick-{i}") + request.POST.getlist(f"keep-{i}") if (n := parse_id(v))]
        ids = [v for v in ids if v in mine]
        for upload in request.FILES.getlist(f"item-{i}"):
            try:
                stored = store_upload(
                    data=upload,
                    original_name=upload.name or "",
                    title=item[:500],
                    user=request.user,
                    owner=request.user,
                )
            except services.DossierError as error:
                errors[i] = f"{upload.name}: {error.message}"
                continue
            ids.append(stored.pk)
        attached[i] = list(dict.fromkeys(ids))
    if not any(attached.values()) and not errors:
        errors["all"] = _("Attach the documents asked for.")
    return attached, errors


def _with(files, user, attached: dict[int, list[int]]):
    """My documents, including those just uploaded (shown ticked)."""
    known = {f.pk for f in files}
    new = [i for ids in attached.values() for i in ids if i not in known]
    return list(reusable_files(user).filter(pk__in=new)) + files if new else files


def _version(request) -> int | None:
    raw = request.POST.get("version", "")
    return parse_int(raw)


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def withdraw(request, code: str):
    """Rút hồ sơ: the applicant no longer wants it handled (only their own dossiers, before the result)."""
    dossier = my_dossier(user=request.user, code=code)
    if dossier is None:
        raise Http404(_("No dossier has the code %(code)s.") % {"code": code})
    context = {"dossier": dossier, "reason": request.POST.get("reason", "")[:1000], "allowed": True}
    if dossier.state not in WITHDRAWABLE:
        context["allowed"] = False
        return render(request, "submission/withdraw.html", context, status=409 if request.method == "POST" else 200)
    if request.method == "POST":
        try:
            services.act_as_applicant(
                code=dossier.code,
                secret=dossier.lookup_secret,
                citizen=request.user,
                command=WithdrawInput(reason=context["reason"]),
                version=_version(request),
            )
        except services.DossierError as error:
            context["error"] = error.message
            return render(request, "submission/withdraw.html", context, status=error.status)
        messages.success(request, _("Dossier %(code)s is withdrawn.") % {"code": dossier.code})
        return redirect("accounts:home")
    return render(request, "submission/withdraw.html", context)
