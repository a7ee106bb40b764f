"""My account (/tai-khoan/): my dossiers with what to do now, my documents, my details."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.accounts import selectors, services
from motcua.accounts.access import citizen_required
from motcua.accounts.forms import CodeForm, ContactForm, DocumentForm, ProfileForm
from motcua.accounts.views.auth import code_page
from motcua.core.params import parse_id
from motcua.core.views import client_address, private_file
from motcua.dossiers.selectors import PUBLIC_STATE
from motcua.dossiers.services.errors import DossierError
from motcua.dossiers.states import WITHDRAWABLE, State


@never_cache
@citizen_required
def home(request):
    before = parse_id(request.GET.get("truoc", ""))
    rows, more = selectors.my_dossiers(request.user, before=before)
    for row in rows:
        row.state_text = PUBLIC_STATE[State(row.state)]()
        row.withdrawable = row.state in WITHDRAWABLE
    context = {
        "dossiers": rows,
        "more": more,
        "continued": bool(before),
        "drafts": selectors.drafts_of(request.user),
        "profile": selectors.profile_of(request.user),
    }
    return render(request, "accounts/home.html", context)


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def documents(request):
    form = DocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and "remove" in request.POST:
        removed = services.remove_document(user=request.user, file_id=_int(request.POST.get("remove")))
        messages.success(request, _("The document was removed from your store.") if removed else _("No such file."))
        return redirect("accounts:documents")
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.add_document(
                    user=request.user,
                    data=upload,
                    original_name=upload.name or "",
                    title=form.cleaned_data["title"],
                )
            except DossierError as error:
                form.add_error("file", error.message)
                status = 422
            else:
                messages.success(request, _("The document is in your store: you can attach it to your dossiers."))
                return redirect("accounts:documents")
        else:
            status = 422
    context = {"form": form, "documents": selectors.my_documents(request.user)}
    return render(request, "accounts/documents.html", context, status=status)


def _int(raw) -> int:
    return parse_id(raw) or 0


@citizen_required
def document_file(request, file_id: int):
    """One of my documents, shown in the browser; 404 for anyone else's."""
    stored = selectors.my_file(user=request.user, file_id=file_id)
    if stored is None:
        raise Http404(_("No such file."))
    return private_file(stored, filename=f"tai-lieu-{stored.pk}")


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def profile(request):
    current = selectors.profile_of(request.user)
    initial = {
        "name": request.user.full_name,
        "kind": current.kind,
        "id_number": current.id_number,
        "address": current.address,
        "language": request.user.language,
        "notify_sms": current.notify_sms,
        "notify_email": current.notify_email,
    }
    form = ProfileForm(request.POST if "save" in request.POST else None, initial=initial)
    contact_form = ContactForm(request.POST if "add_contact" in request.POST else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            services.update_profile(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your details are saved."))
            return redirect("accounts:profile")
        status = 422
    if contact_form.is_bound:
        if contact_form.is_valid():
            try:
                pending = services.start_adding_contact(
                    user=request.user, contact=contact_form.cleaned_data["contact"], client=client_address(request)
                )
            except services.AccountError as error:
                contact_form.add_error("contact", error.message)
                status = 429 if error.code == "too_many" else 422
            else:
                return redirect("accounts:add_contact", token=pending.token)
        else:
            status = 422
    context = {"form": form, "contact_form": contact_form, "profile": current}
    return render(request, "accounts/profile.html", context, status=status)


@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def add_contact(request, token: str):
    def finish(data):
        services.finish_adding_contact(user=request.user, token=token, code=data["code"])
        messages.success(request, _("The new contact is verified and added to your account."))
        return redirect("accounts:profile")

    return code_page(request, token, form_class=CodeForm, template="accounts/add_contact.html", finish=finish)
