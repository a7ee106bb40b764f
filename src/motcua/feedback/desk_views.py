"""Staff pages: rating aggregates (/desk/danh-gia/), the counter's tablet, feedback to answer (/desk/phan-anh/)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.access import staff_required
from motcua.core.models import Counter
from motcua.core.selectors import supervised_agency_ids
from motcua.feedback import selectors, services
from motcua.feedback.forms import AnswerForm, PeriodForm
from motcua.feedback.views import TABLET_COOKIE_AGE, TABLET_COOKIE_SALT, tablet_cookie

MAX_PERIOD = timedelta(days=366)


@staff_required
def ratings(request):
    scope = supervised_agency_ids(request.user)
    counters = selectors.tablet_counters(request.user)
    if not scope:
        return render(
            request,
            "feedback/desk_ratings.html",
            {"allowed": False, "counters": counters},
            status=403 if not counters else 200,
        )
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    start, end = today - timedelta(days=29), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["tu"] or start
        end = form.cleaned_data["den"] or end
        if end < start or end - start > MAX_PERIOD:
            start, end = end - timedelta(days=29), end
    context = {
        "allowed": True,
        "form": form,
        "start": start,
        "end": end,
        "counters": counters,
        "data": selectors.aggregates(scope=scope, start=start, end=end),
    }
    return render(request, "feedback/desk_ratings.html", context)


@staff_required
@require_POST
def show_on_tablet(request, counter_id: int):
    counter = get_object_or_404(Counter, pk=counter_id)
    try:
        tablet = services.open_tablet(officer=request.user, counter=counter)
    except services.FeedbackError as error:
        messages.error(request, error.message)
    else:
        text = _("The rating for %(code)s is on the counter's tablet.") % {"code": tablet.dossier.code}
        messages.success(request, text)
    return redirect("feedback:desk_ratings")


@staff_required
@require_POST
def pair_tablet(request, counter_id: int):
    """On the tablet itself, an officer of the counter pairs it: the tablet keeps the token in a signed cookie."""
    counter = get_object_or_404(Counter, pk=counter_id, is_active=True)
    try:
        token = services.pair_tablet(officer=request.user, counter=counter)
    except services.FeedbackError as error:
        messages.error(request, error.message)
        return redirect("feedback:desk_ratings")
    response = redirect("feedback:tablet", counter_id=counter.pk)
    response.set_signed_cookie(
        tablet_cookie(counter.pk),
        token,
        salt=TABLET_COOKIE_SALT,
        max_age=TABLET_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@staff_required
def feedback_list(request):
    rows = selectors.open_feedback(request.user)
    now = timezone.now()
    return render(request, "feedback/desk_feedback.html", {"rows": rows, "now": now})


@staff_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request, code: str):
    feedback = selectors.staff_feedback(user=request.user, code=code)
    if feedback is None:
        raise Http404
    initial = {"answer": feedback.answer, "publish": feedback.published}
    form = AnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_feedback(
                feedback_id=feedback.pk,
                user=request.user,
                answer=form.cleaned_data["answer"],
                publish=form.cleaned_data["publish"],
            )
        except services.FeedbackError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The answer has been saved."))
            return redirect("feedback:desk_feedback")
    return render(
        request, "feedback/desk_feedback_detail.html", {"feedback": feedback, "form": form, "now": timezone.now()}
    )
