"""The centre floor for operators. Booked visits are read-only here: citizens book and cancel on the portal."""

from django.contrib import admin

from motcua.queue.models import Booking


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "starts_at", "state", "created_at", "reminded_at"]
    list_filter = ["state", "area__centre", "area"]
    search_fields = ["code"]
    date_hierarchy = "starts_at"
    list_select_related = ["area"]
    # The secret would let an operator cancel or check in for the citizen; contacts stay out of the list.
    exclude = ["secret"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
