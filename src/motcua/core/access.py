"""Who may use the staff's pages (the desk, feedback handling): anyone holding a role; the services check what
they may do."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from motcua.core.models import RoleAssignment


def user_roles(user) -> set[str]:
    cached = getattr(user, "_desk_roles", None)
    if cached is None:
        cached = user._desk_roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    return cached


def staff_required(view):
    """Log in first; then any role will do (the screen shows only what the user may see)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated or not (user_roles(request.user) or request.user.is_superuser):
            return redirect_to_login(request.get_full_path())  # settings.LOGIN_URL: the desk's log-in
        return view(request, *args, **kwargs)

    return wrapper
