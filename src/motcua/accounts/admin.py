"""Citizens' accounts for operators: find one by phone or e-mail, see when it was made; block it by making its
user inactive. One-time codes are not shown: they are the citizen's alone."""

from django.contrib import admin

from motcua.accounts.models import CitizenProfile


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "phone", "email", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["phone", "email", "user__full_name", "id_number"]
    list_select_related = ["user"]
    readonly_fields = ["user", "phone", "email", "created_at"]

    def has_add_permission(self, request):
        return False  # accounts are made by their owners, verified by a code
