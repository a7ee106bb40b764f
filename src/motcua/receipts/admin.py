from django.contrib import admin

from motcua.receipts.models import ReceiptSeries


@admin.register(ReceiptSeries)
class ReceiptSeriesAdmin(admin.ModelAdmin):
    """An administrator registers each agency's series for a year (the symbols the tax authority accepted); the
    receipts themselves are never edited here: they are cancelled and replaced at the cashier's desk."""

    list_display = ["agency", "year", "form_symbol", "symbol"]
    list_filter = ["year"]
    search_fields = ["agency__name", "symbol"]
    autocomplete_fields = ["agency"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a series with receipts is kept for ever (PROTECT), and one without costs nothing
