"""Log-in and log-out of the desk, with failed attempts limited per account and per address."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from motcua.core.throttle import authenticate_throttled, lockout_message


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(max_length=200, label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False)


@never_cache
@csrf_protect
def login_view(request):
    """The form; a lock is checked before the password so that a locked account cannot be guessed."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        attempt = authenticate_throttled(
            request, account=username, username=username, password=form.cleaned_data["password"]
        )
        if attempt.user is not None:
            login(request, attempt.user)
            return redirect(next_url or "desk:home")
        status = 429 if attempt.locked_until else 200
        if attempt.locked_until:
            form.add_error(None, lockout_message(attempt.locked_until))
        else:
            form.add_error(None, _("The username or the password is wrong."))
    return render(request, "desk/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("desk:login")
