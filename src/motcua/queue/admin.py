"""The centre floor for operators: areas set here; devices, tickets and booked visits are read here (the kiosk,
the counters and the citizens write them)."""

from django.contrib import admin

from motcua.queue.models import Booking, Device, ServiceArea, Ticket


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "centre", "slot_minutes", "slot_capacity", "is_active"]
    list_filter = ["centre", "is_active"]
    search_fields = ["code", "name", "centre__name"]
    filter_horizontal = ["counters", "agencies"]
    list_select_related = ["centre"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    """Paired on the device itself; here an administrator sees them and unpairs one by deleting it."""

    list_display = ["name", "kind", "centre", "paired_by", "paired_at"]
    list_filter = ["centre", "kind"]
    readonly_fields = ["centre", "kind", "name", "paired_by", "paired_at", "last_seen_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Tickets are written by the kiosk and the counters only: read here, never changed."""

    list_display = ["label", "day", "area", "priority", "state", "counter", "issued_at", "called_at", "finished_at"]
    list_filter = ["centre", "state", "priority", "day"]
    search_fields = ["label"]
    list_select_related = ["area", "counter"]
    date_hierarchy = "day"
    exclude = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
