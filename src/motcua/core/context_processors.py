from django.conf import settings
from django.core.cache import cache

from motcua.core.models import Centre
from motcua.core.selectors import is_staff_member


def site(request):
    """The name in the header: MOTCUA_SITE_NAME, else the province's centre, else a generic name."""
    name = settings.SITE_NAME
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
    # Called only by a template that asks (the 404 page's link to the desk): citizens are not sent to the desk.
    return {"site_name": name, "desk_staff": lambda: is_staff_member(request.user)}
