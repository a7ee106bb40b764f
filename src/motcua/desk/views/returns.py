"""Placeholder until this screen is built (issue 5)."""

from django.shortcuts import render

from motcua.desk.access import staff_required


@staff_required
def returns(request):
    return render(request, "desk/home.html", {"screens": [], "roles": []})
