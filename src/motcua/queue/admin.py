from django.contrib import admin

from motcua.queue.models import Device, ServiceArea, Ticket


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
