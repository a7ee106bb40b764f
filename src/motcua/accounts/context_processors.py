from django.utils.functional import SimpleLazyObject

from motcua.accounts.selectors import is_citizen


def citizen_account(request):
    """Whether the person logged in is a citizen (their account menu) rather than staff (the desk); read only
    when a page asks."""
    return {"citizen_account": SimpleLazyObject(lambda: is_citizen(getattr(request, "user", None)))}
