"""{% serving_ticket as ticket %}: the number the officer's counter serves now, for the reception and return pages
(what is done there is recorded for that number)."""

from django import template

from motcua.queue.selectors import serving

register = template.Library()


@register.simple_tag(takes_context=True)
def serving_ticket(context):
    user = context["request"].user
    return serving(user) if user.is_authenticated else None
