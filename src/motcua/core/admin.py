from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.core.models import Agency, ApiToken, Centre, Counter, EventDelivery, RoleAssignment, User
from motcua.core.services import revoke_api_token


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "province"]
    list_select_related = ["parent"]


class CounterInline(admin.TabularInline):
    model = Counter
    fields = ["number", "name", "is_active"]
    extra = 0
    show_change_link = True


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "agency", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["agency"]
    inlines = [CounterInline]


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "number", "is_active"]
    list_filter = ["centre"]
    search_fields = ["name", "centre__name"]
    filter_horizontal = ["agencies"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fields = ["role", "agency", "include_subtree", "counter"]
    autocomplete_fields = ["agency", "counter"]
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Centre"), {"fields": ["full_name", "phone", "language"]}),
    ]
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleAssignmentInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "system", "scopes", "prefix", "user", "rate_limit", "last_used_at", "revoked_at"]
    list_filter = ["kind", "revoked_at"]
    search_fields = ["name", "system", "prefix", "user__username"]
    # Only the budget may change here: a different reach is a new token (issued where its secret can be shown).
    fields = ["kind", "system", "name", "user", "scopes", "rate_limit", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["kind", "system", "name", "user", "scopes", "prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued by `motcua api-tokens issue`, which shows the secret once

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_api_token(token=token)
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)


@admin.register(EventDelivery)
class EventDeliveryAdmin(admin.ModelAdmin):
    """Events still owed to a subscriber: late (the worker has not run) or failing (last error, attempts).
    Read-only: the worker retries them; fix the subscriber, not the row."""

    list_display = ["created_at", "event_type", "subscriber", "key", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["subscriber", "event_type"]
    search_fields = ["=key"]
    ordering = ["id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
