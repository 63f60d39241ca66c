from django.contrib import admin

from psoportal.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    # The e-mail address can never be changed (rule book §2), not even by staff; passwords and
    # permissions are not edited here either.
    fields = ["email", "full_name", "job_title", "phone", "is_active", "is_staff"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["date_joined", "last_login", "email_verified_at"]
        if obj is not None:
            readonly.append("email")
        return readonly

    def has_add_permission(self, request):
        # Accounts are created through registration or invitation only.
        return False
