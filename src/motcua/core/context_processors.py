from django.conf import settings
from django.core.cache import cache

from motcua.core.access import user_roles
from motcua.core.models import Centre, Role
from motcua.core.page_cache import CSRF_PLACEHOLDER, rendering_for_cache
from motcua.core.selectors import is_staff_member, own_centre_name


def site(request):
    """The name in the header: MOTCUA_SITE_NAME, else the staff member's own centre (a commune officer's is the
    commune's), else the province's centre, else a generic name."""
    name = settings.SITE_NAME
    user = getattr(request, "user", None)
    if not name and user is not None and user.is_authenticated and is_staff_member(user):
        key = f"motcua:site-name:user:{user.pk}"
        name = cache.get(key)
        if name is None:
            name = own_centre_name(user) or ""
            cache.set(key, name, 300)
    if not name:
        name = cache.get("motcua:site-name")
        if name is None:
            name = (
                Centre.objects.filter(is_active=True, agency__parent__isnull=True)
                .order_by("pk")
                .values_list("name", flat=True)
                .first()
            ) or "Trung tâm Phục vụ hành chính công"
            cache.set("motcua:site-name", name, 300)
    # Called only by a template that asks: the 404 page's link to the desk (citizens are not sent there), the
    # desk's menu (only what the user's roles can use; an administrator sees everything).
    extra = {"csrf_token": CSRF_PLACEHOLDER} if rendering_for_cache(request) else {}
    return {
        **extra,
        "site_name": name,
        "desk_staff": lambda: is_staff_member(request.user),
        "desk_roles": lambda: set(Role.values) if request.user.is_superuser else user_roles(request.user),
    }
