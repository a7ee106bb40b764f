"""A URL configuration with the queue figures' router mounted at /api/v1/ as the real API mounts its routers (the
lead mounts it in api/queue.py; django-ninja lets one router be mounted on several APIs), for
tests/api/test_queue_figures_api.py."""

from django.urls import path
from ninja import NinjaAPI

from motcua.api import errors
from motcua.api.queue_figures import router
from motcua.api.renderers import LocalTimeRenderer

api = NinjaAPI(urls_namespace="queue-figures-test", renderer=LocalTimeRenderer())
errors.install(api)
api.add_router("/", router)

urlpatterns = [path("api/v1/", api.urls)]
