"""Template filters of the forms' private template engine (see render.py): the formatting rules by name."""

from __future__ import annotations

from django import template

from motcua.dossiers.forms import formatting

register = template.Library()

register.filter("long_date", formatting.long_date)
register.filter("short_date", formatting.short_date)
register.filter("time_and_date", formatting.time_and_date)
register.filter("clock", formatting.clock)
register.filter("count", formatting.count)
register.filter("timeliness", formatting.timeliness)
register.filter("breakable", formatting.breakable)
register.filter("letterhead_lines", formatting.letterhead_lines)


@register.filter
def addressee(party) -> str:
    """How the letters address the applicant."""
    return "Quý cơ quan, tổ chức" if getattr(party, "organisation", False) else "Ông/Bà"
