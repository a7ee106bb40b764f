"""Citizens' accounts (/tai-khoan/): register, verify the code, log in and out, a forgotten password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts import services
from motcua.accounts.forms import CodeForm, ForgotForm, LoginForm, RegisterForm, ResetForm
from motcua.accounts.selectors import is_citizen
from motcua.core.throttle import authenticate_throttled, lockout_message
from motcua.core.views import client_address

BACKEND = "motcua.accounts.backends.CitizenBackend"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if safe else ""


def _show_error(form, error: services.AccountError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                pending = services.start_registration(
                    contact=data["contact"],
                    name=data["name"],
                    password=data["password"],
                    language=get_language() or "vi",
                    client=client_address(request),
                )
            except services.AccountError as error:
                _show_error(form, error)
                status = 429 if error.code == "too_many" else 422
            else:
                request.session["account_next"] = _next(request)
                return redirect("accounts:verify", token=pending.token)
        else:
            status = 422
    return render(request, "accounts/register.html", {"form": form, "next": _next(request)}, status=status)


def code_page(request, token: str, *, form_class, template: str, finish):
    """A page where the code sent to a phone or e-mail is typed, with "send a new code". `finish(data)` runs on a
    valid form and returns the response; an AccountError it raises is shown by the field."""
    form = form_class(request.POST if request.method == "POST" and "resend" not in request.POST else None)
    context = {"form": form, "sent_to": services.pending_contact(token), "token": token}
    status = 200
    if request.method == "POST" and "resend" in request.POST:
        status = resend(request, token, context)
    elif form.is_bound and form.is_valid():
        try:
            return finish(form.cleaned_data)
        except services.AccountError as error:
            _show_error(form, error)
            status = 422
    elif form.is_bound:
        status = 422
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, token: str):
    """The code sent at registration: the right one creates the account and logs in."""

    def finish(data):
        user = services.finish_registration(token=token, code=data["code"])
        login(request, user, backend=BACKEND)
        messages.success(request, _("Your account is ready."))
        return redirect(request.session.pop("account_next", "") or "accounts:home")

    return code_page(request, token, form_class=CodeForm, template="accounts/verify.html", finish=finish)


def resend(request, token: str, context: dict) -> int:
    """'Send a new code' on any page where a code is typed; the status of the page."""
    try:
        services.resend_code(token=token, client=client_address(request), language=get_language() or "vi")
    except services.AccountError as error:
        context["error"] = error.message
        return 429 if error.code == "too_many" else 422
    context["resent"] = True
    return 200


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    """A lock is checked before the password, per contact and per address, as at the desk."""
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        attempt = authenticate_throttled(
            request,
            account=services.account_key(contact),
            accept=is_citizen,
            contact=contact,
            password=form.cleaned_data["password"],
        )
        if attempt.user is not None:
            login(request, attempt.user, backend=BACKEND)
            return redirect(_next(request) or "accounts:home")
        status = 429 if attempt.locked_until else 422
        if attempt.locked_until:
            form.add_error(None, lockout_message(attempt.locked_until))
        else:
            form.add_error(None, _("The phone, e-mail or password is wrong."))
    elif request.method == "POST":
        status = 422
    context = {"form": form, "next": _next(request), "national_identity": bool(settings.OIDC_ISSUER)}
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def logout_view(request):
    """An account logged in through the national identity is logged out at the provider too."""
    from motcua.accounts.views import identity

    id_token = request.session.get(identity.ID_TOKEN_KEY, "")
    logout(request)
    elsewhere = identity.end_session_url(request, id_token) if id_token else ""
    return redirect(elsewhere or "portal:home")


@never_cache
@require_http_methods(["GET", "POST"])
def forgot(request):
    form = ForgotForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            pending = services.start_reset(
                contact=form.cleaned_data["contact"], client=client_address(request), language=get_language() or "vi"
            )
        except services.AccountError as error:
            _show_error(form, error)
            status = 429 if error.code == "too_many" else 422
        else:
            return redirect("accounts:reset", token=pending.token)
    elif request.method == "POST":
        status = 422
    return render(request, "accounts/forgot.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def reset(request, token: str):
    def finish(data):
        services.finish_reset(token=token, code=data["code"], password=data["password"])
        messages.success(request, _("Your new password is set: log in with it."))
        return redirect("accounts:login")

    return code_page(request, token, form_class=ResetForm, template="accounts/reset.html", finish=finish)
