"""Targets for the dashboards' shares (e.g. at least 20% on the spot or online), set per province or agency; the
kept figures themselves are not edited here (`motcua stats rebuild` recomputes them)."""

from django.contrib import admin

from motcua.stats.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["agency", "measure", "percent"]
    list_filter = ["measure"]
    search_fields = ["agency__name", "agency__code"]
    autocomplete_fields = ["agency"]
    ordering = ["agency__name_sort", "measure"]
