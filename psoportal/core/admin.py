from django.contrib import admin

from psoportal.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for support staff: the trail is written by services only."""

    list_display = ["created_at", "action", "actor", "organisation_id", "subject_type",
                    "subject_id"]
    list_filter = ["action"]
    search_fields = ["=organisation_id", "action"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
