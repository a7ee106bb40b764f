"""Public pages: rating a returned dossier (/danh-gia/), the counter's tablet, feedback (/phan-anh/)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.models import Counter
from motcua.core.params import MAX_PAGE, parse_int
from motcua.core.views import client_address
from motcua.dossiers.selectors import public_lookup
from motcua.dossiers.states import State
from motcua.feedback import limits, selectors, services
from motcua.feedback.forms import FeedbackForm, RatingForm, ReadForm
from motcua.feedback.models import Criterion

TOO_MANY = 429


def _too_many(request, template: str, context: dict):
    context["too_many"] = _("Too many requests from your connection. Please wait and try again later.")
    return render(request, template, context, status=TOO_MANY)


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request):
    source = request.POST if request.method == "POST" else request.GET
    code, secret = source.get("ma", "").strip()[:40], source.get("bi-mat", "").strip()[:16]
    context = {"code": code, "secret": secret, "asked": bool(code or secret)}
    if not context["asked"]:
        return render(request, "feedback/rate.html", context)
    if not limits.allowed("rating", client_address(request)):
        return _too_many(request, "feedback/rate.html", context)
    dossier = public_lookup(code=code, secret=secret) if code and secret else None
    if dossier is None:
        context["not_found"] = True
        return render(request, "feedback/rate.html", context, status=404)
    rating = selectors.rating_of(dossier)
    context.update(dossier=dossier, rating=rating)
    if dossier.state != State.RETURNED:
        context["not_yet"] = True
        return render(request, "feedback/rate.html", context)
    if rating and timezone.now() - rating.created_at > services.EDITABLE_FOR:
        context["closed"] = True
        return render(request, "feedback/rate.html", context)
    initial = None
    if rating:
        initial = {"level": str(rating.level), "comment": rating.comment}
        initial.update({f"c_{s.criterion}": str(s.level) for s in rating.scores.all()})
    form = RatingForm(request.POST if request.method == "POST" else None, initial=initial)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_dossier(
                dossier=dossier,
                level=form.cleaned_data["level"],
                criteria=form.criteria(),
                comment=form.cleaned_data["comment"],
            )
        except services.FeedbackError as error:
            context["error"] = error.message
            return render(request, "feedback/rate.html", context, status=409)
        context["thanks"] = True
        context["form"] = None
    return render(request, "feedback/rate.html", context, status=422 if form.is_bound and form.errors else 200)


TABLET_COOKIE_SALT = "motcua.feedback.tablet"
TABLET_COOKIE_AGE = 5 * 365 * 24 * 3600  # a tablet stays paired until it is paired again


def tablet_cookie(counter_id: int) -> str:
    return f"motcua_tablet_{counter_id}"


def _tablet_token(request, counter: Counter) -> str:
    return request.get_signed_cookie(tablet_cookie(counter.pk), default="", salt=TABLET_COOKIE_SALT)


@never_cache
@require_http_methods(["GET", "POST"])
def tablet(request, counter_id: int):
    """The counter's tablet: only the tablet an officer of this counter paired with it shows and sends ratings."""
    counter = get_object_or_404(Counter.objects.select_related("centre"), pk=counter_id, is_active=True)
    if not services.is_paired(counter=counter, token=_tablet_token(request, counter)):
        context = {"counter": counter, "unpaired": True}
        return render(request, "feedback/tablet.html", context, status=403)
    form = RatingForm(request.POST if request.method == "POST" else None)
    context = {"counter": counter, "form": form, "criteria": Criterion}
    if request.method == "POST":
        if not limits.allowed("rating", client_address(request)):
            return _too_many(request, "feedback/tablet.html", context)
        if form.is_valid():
            try:
                services.rate_at_tablet(
                    counter=counter,
                    level=form.cleaned_data["level"],
                    criteria=form.criteria(),
                    comment=form.cleaned_data["comment"],
                )
            except services.FeedbackError as error:
                context["error"] = error.message
                return render(request, "feedback/tablet.html", context, status=409)
            context.update(thanks=True, form=None)
            return render(request, "feedback/tablet.html", context)
        return render(request, "feedback/tablet.html", context, status=422)
    return render(request, "feedback/tablet.html", context)


@require_http_methods(["GET", "POST"])
def submit(request):
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    if request.method == "POST":
        if not limits.allowed("feedback", client_address(request)):
            return _too_many(request, "feedback/submit.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback = services.submit_feedback(**data)  # the form's fields are the service's keywords
            except services.FeedbackError as error:
                context["error"] = error.message
                return render(request, "feedback/submit.html", context, status=409)
            # The secret is shown once, on this page: never in a URL that could be logged.
            return render(request, "feedback/submitted.html", {"feedback": feedback})
        return render(request, "feedback/submit.html", context, status=422)
    return render(request, "feedback/submit.html", context)


@never_cache
def read(request, code: str):
    form = ReadForm(request.GET if "bi-mat" in request.GET else None)
    context = {"code": code, "form": form}
    if form.is_bound and form.is_valid():
        if not limits.allowed("rating", client_address(request)):
            return _too_many(request, "feedback/read.html", context)
        feedback = selectors.feedback_for_citizen(code=code, secret=form.cleaned_data["bi_mat"])
        if feedback is None:
            context["not_found"] = True
            return render(request, "feedback/read.html", context, status=404)
        context["feedback"] = feedback
    return render(request, "feedback/read.html", context)


def public_list(request):
    page = parse_int(request.GET.get("trang", "1"), maximum=MAX_PAGE)
    if not page:
        raise Http404(_("No such page."))
    rows, more = selectors.published(page)
    return render(request, "feedback/public_list.html", {"rows": rows, "page": page, "more": more})
