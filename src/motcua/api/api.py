"""The REST API v1 (django-ninja); its OpenAPI document is committed as docs/openapi.json."""

from django.views.decorators.cache import never_cache

from motcua.api import errors
from motcua.api.citizens import router as citizens_router
from motcua.api.citizens import token_router as citizen_token_router
from motcua.api.dossiers import public_router, staff_router
from motcua.api.dossiers import router as dossiers_router
from motcua.api.feedback import feedback_router, ratings_router
from motcua.api.forms import router as forms_router
from motcua.api.inbound import router as inbound_router
from motcua.api.openapi import ScopedNinjaAPI
from motcua.api.procedures import router as procedures_router
from motcua.api.queue import board_router as queue_board_router
from motcua.api.queue import router as queue_router
from motcua.api.queue_figures import router as queue_figures_router
from motcua.api.renderers import LocalTimeRenderer
from motcua.api.stats import router as stats_router
from motcua.api.updates import router as updates_router
from motcua.api.verify import router as verify_router

api = ScopedNinjaAPI(
    title="motcua API",
    version="1",
    description=(
        "REST API of motcua, software for a Public Administrative Service Centre. "
        "Authentication: `Authorization: Bearer <token>` (tokens from `motcua api-tokens issue`: a person's, or "
        "another system's with scopes, see the BearerToken scheme) or a staff "
        'session. Errors are JSON `{"error": {"code": "...", "message": "..."}}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=LocalTimeRenderer(),
)
errors.install(api)
# Everything but the public catalog carries personal data (ID numbers, phones, look-up secrets, tokens): answers
# are never kept by a browser or proxy cache.
for personal in (
    dossiers_router,
    public_router,
    staff_router,
    forms_router,
    ratings_router,
    feedback_router,
    citizen_token_router,
    citizens_router,
    stats_router,  # not personal, but the answer depends on who asks
    queue_router,
    queue_board_router,  # changes every second
    verify_router,  # the verdict on a file someone sent
    updates_router,
    inbound_router,  # what a system sent, answered with our code
):
    personal.add_decorator(never_cache, mode="view")
api.add_router("/", procedures_router)
api.add_router("/", dossiers_router)
api.add_router("/", public_router)
api.add_router("/", staff_router)
api.add_router("/", forms_router)
api.add_router("/", ratings_router)
api.add_router("/", feedback_router)
api.add_router("/", citizen_token_router)
api.add_router("/", citizens_router)
api.add_router("/", stats_router)
api.add_router("/", queue_router)
api.add_router("/", queue_board_router)
api.add_router("/", queue_figures_router)
api.add_router("/", verify_router)
api.add_router("/", updates_router)
api.add_router("/", inbound_router)
