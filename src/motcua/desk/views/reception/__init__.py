"""The reception counter (/desk/tiep-nhan/): find the procedure, check the documents against its checklist, find
the applicant by ID number, attach scans, collect the fee; then receive (Mẫu 01), guide (Mẫu 02) or refuse
(Mẫu 03). One URL: GET ?q= (live results), ?thu_tuc= (the form), ?nguoi_nop= (applicant look-up), ?luot= (a
visit's form); POST does the outcome. Reads through desk.selectors.reception, writes through dossiers.services."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.access import staff_required
from motcua.core.params import parse_id
from motcua.desk.selectors import reception as selectors
from motcua.desk.views.counter import link_to_serving
from motcua.desk.views.reception import form as forms
from motcua.dossiers import services
from motcua.dossiers.models import ReturnMethod
from motcua.dossiers.selectors import visit_note
from motcua.dossiers.services.access import Access
from motcua.dossiers.services.counter_files import refused_message
from motcua.dossiers.services.files import store_upload
from motcua.queue.services.errors import QueueError, QueueForbidden
from motcua.receipts.services import ReceiptError, collect_fee
from motcua.receipts.services.collect import COUNTER_METHODS

PAGE = "desk/reception.html"


@staff_required
@require_http_methods(["GET", "POST"])
def reception(request):
    access = Access(request.user)
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and "luot" in data:
        return _visit(request)
    code = data.get("thu_tuc", "").strip()
    if not code:
        return _search(request, access)
    procedure = selectors.procedure_for_reception(access=access, code=code)
    if procedure is None:
        context = _search_context(access, data.get("q", ""))
        context["not_ours"] = code
        return render(request, PAGE, context, status=404)
    if request.method == "GET" and "nguoi_nop" in data:
        return _applicant(request, procedure)
    if request.method == "GET":
        return _page(request, access, forms.blank_form(procedure))
    return _submit(request, access, procedure)


def _search_context(access: Access, query: str) -> dict:
    query = query.strip()[:200]
    return {
        "query": query,
        "results": selectors.search(access=access, query=query),
        "receives": bool(selectors.receiving_agency_ids(access)),
    }


def _search(request, access: Access):
    context = _search_context(access, request.GET.get("q", ""))
    if request.htmx:
        return render(request, "desk/reception/_results.html", context)
    return render(request, PAGE, context)


def _page(request, access: Access, form: forms.ReceptionForm, *, status: int = 200):
    applicant = selectors.applicant_by_number(form.id_number)
    context = {
        "form": form,
        "procedure": form.procedure,
        "version": form.procedure.version,
        "query": "",
        "receives": True,
        "applicant": applicant,
        "nobody_next": selectors.nobody_next(form.procedure),
        "stored": forms.reuse_choices(form, selectors.stored_files(applicant, officer=request.user)),
        "channels": form.procedure.channels,
        "channel_fees": [(c, form.fees_of(c.channel)) for c in form.procedure.channels],
        "on_the_spot": any(selectors.on_the_spot(c) for c in form.procedure.channels),
        "payment_methods": [(m.value, m.label) for m in COUNTER_METHODS],
        "return_methods": [
            (ReturnMethod.COUNTER, ReturnMethod.COUNTER.label),
            (ReturnMethod.POST, ReturnMethod.POST.label),
        ],
    }
    return render(request, PAGE, context, status=status)


def _applicant(request, procedure: selectors.ReceptionProcedure):
    """htmx: the ID number was typed; the details of a known applicant fill the empty fields, with their stored
    documents offered for reuse. Nothing typed by hand is lost: a typed value wins over the stored one (the
    officer may have typed before a card reader's Tab); only details filled from another applicant go."""
    form = forms.read_form(procedure, request.GET)
    applicant = selectors.applicant_by_number(form.id_number)
    cleared = False
    if form.looked_up and form.looked_up != form.id_number:  # the details were another applicant's
        form.applicant, form.looked_up, cleared = dict.fromkeys(forms.APPLICANT_FIELDS, ""), "", True
    if applicant is not None and form.looked_up != applicant.id_number:  # a fresh find; what was typed is kept
        for name in forms.APPLICANT_FIELDS:
            form.applicant[name] = form.applicant[name] or getattr(applicant, name)
        form.kind, form.looked_up = applicant.kind, applicant.id_number
    stored = forms.reuse_choices(form, selectors.stored_files(applicant, officer=request.user))
    context = {
        "form": form,
        "applicant": applicant,
        "stored": stored,
        "looked_up": selectors.looks_like_id_number(form.id_number),
        "cleared": cleared,
    }
    return render(request, "desk/reception/_applicant.html", context)


def _submit(request, access: Access, procedure: selectors.ReceptionProcedure):
    outcome = request.POST.get("action", "")
    form = forms.read_form(procedure, request.POST)
    if outcome not in forms.OUTCOMES:
        form.errors["general"] = _("Choose what to do with the dossier: receive, guide or refuse.")
        return _page(request, access, form, status=400)
    _store_uploads(request, form)
    _check_files(request, form)
    forms.check(form, outcome)
    if form.has_errors:
        return _page(request, access, form)
    try:
        with transaction.atomic():  # the dossier or visit and the number it served are recorded together
            return _record_outcome(request, procedure, form, outcome)
    except (services.DossierError, QueueError, ReceiptError) as error:
        form.errors["general"] = error.message
        forbidden = isinstance(error, (services.Forbidden, QueueForbidden)) or getattr(error, "code", "") == "forbidden"
        return _page(request, access, form, status=403 if forbidden else 200)


def _record_outcome(request, procedure: selectors.ReceptionProcedure, form: forms.ReceptionForm, outcome: str):
    if outcome in {"guide", "refuse"}:
        note = services.record_visit(
            officer=request.user,
            kind=outcome,
            visit=services.VisitInput(
                procedure_code=procedure.code,
                applicant=forms.applicant_input(form),
                reason=form.reason,
                items=forms.visit_items(form) if outcome == "guide" else [],
                agency_code=form.agency or None,
            ),
        )
        link_to_serving(request.user, visit=note)
        return redirect(reverse("desk:reception") + f"?luot={note.pk}")
    dossier = services.receive_dossier(
        officer=request.user,
        procedure_code=procedure.code,
        channel=form.channel,
        applicant=forms.applicant_input(form),
        documents=forms.document_inputs(form),
        fees=forms.fee_inputs(form),
        agency_code=form.agency or None,
        return_method=form.return_method if form.return_method in ReturnMethod.values else ReturnMethod.COUNTER,
        return_address=form.return_address or (form.applicant["address"] if form.return_method == "post" else ""),
        resolve_now=outcome == "resolve_now",
        recheck_contact=form.recheck_contact,
    )
    # The fees paid now: collected through the cashier's service (paid and e-receipt issued) in this transaction.
    for fee, method in zip(dossier.fees.order_by("pk"), forms.collection_methods(form), strict=True):
        if method:
            collect_fee(
                fee_id=fee.pk,
                method=method,
                collector=request.user,
                payer_name=dossier.applicant_name,
                payer_address=dossier.applicant_address,
                payer_id_number=dossier.applicant_id_number,
            )
    ticket = link_to_serving(request.user, dossier=dossier)
    receipt = f"/api/v1/dossiers/{dossier.code}/forms/01.pdf"
    messages.success(
        request,
        format_html(
            '{} <a href="{}" target="_blank" rel="noopener" data-auto-open>{}</a>',
            _("Dossier %(code)s received.") % {"code": dossier.code}
            + (" " + _("Recorded for number %(label)s.") % {"label": ticket} if ticket else ""),
            receipt,
            _("Print the receipt and appointment (Mẫu 01)"),
        ),
    )
    return redirect("desk:dossier", code=dossier.code)


def _store_uploads(request, form: forms.ReceptionForm) -> None:
    """Scans sent with the form itself (a browser without JavaScript): stored now, so that a page shown again
    for another error keeps them as file ids."""
    for line in form.lines:
        for upload in request.FILES.getlist(f"doc-{line.index}-upload"):
            try:
                stored = store_upload(
                    data=upload,
                    original_name=upload.name or "",
                    title=line.name,
                    user=request.user,
                    applicant_id_number=form.id_number,
                )
            except services.DossierError as error:
                line.error = f"{upload.name}: {error.message}"
                continue
            line.file_ids.append(stored.pk)


def _check_files(request, form: forms.ReceptionForm) -> None:
    """Only the officer's own uploads and the applicant's stored documents may be attached."""
    allowed = selectors.attachable_files(user=request.user, id_number=form.id_number, file_ids=form.all_file_ids())
    for line in form.lines:
        if any(i not in allowed for i in line.attached):  # which ones is not said: it would tell which ids exist
            line.error = refused_message()
        line.file_ids = [i for i in line.file_ids if i in allowed]
        line.reused_ids = [i for i in line.reused_ids if i in allowed]
        line.files = [allowed[i] for i in line.file_ids]
    form.reuse = {i: target for i, target in form.reuse.items() if i in allowed}


def _visit(request):
    """After a guide or a refusal: the form to print, and the way to the next applicant."""
    raw = request.GET.get("luot", "")
    note = visit_note(user=request.user, note_id=note_id) if (note_id := parse_id(raw)) else None
    if note is None:
        messages.error(request, _("No such visit form."))
        return redirect("desk:reception")
    number = "02" if note.kind == "guide" else "03"
    context = {"note": note, "number": number, "pdf": f"/api/v1/visits/{note.pk}/forms/{number}.pdf"}
    return render(request, "desk/reception_visit.html", context)
