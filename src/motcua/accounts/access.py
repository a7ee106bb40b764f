"""Pages only a citizen's account opens."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from motcua.accounts.selectors import profile_of


def citizen_required(view):
    """Log in with a citizen's account first (a staff log-in is not one: staff apply at the counter)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if profile_of(request.user) is None:
            return redirect_to_login(request.get_full_path(), "accounts:login")
        return view(request, *args, **kwargs)

    return wrapper
