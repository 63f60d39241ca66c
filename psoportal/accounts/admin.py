from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from psoportal.accounts import services
from psoportal.accounts.models import SecurityEvent, User, UserSession


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    # The e-mail address can never be changed (rule book §2), not even by staff; passwords and
    # permissions are not edited here either.
    fields = ["email", "full_name", "job_title", "phone", "language", "is_active", "is_staff",
              "terms_version", "terms_accepted_at"]
    actions = ["end_sessions", "reset_second_factor"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["date_joined", "last_login", "email_verified_at", "terms_version",
                    "terms_accepted_at"]
        if obj is not None:
            readonly.append("email")
        return readonly

    def has_add_permission(self, request):
        # Accounts are created through registration or invitation only.
        return False

    def has_delete_permission(self, request, obj=None):
        # Accounts are erased by the inactivity process, never deleted (the log keeps its rows).
        return False

    @admin.action(description=_("Alle sessies beëindigen"))
    def end_sessions(self, request, queryset):
        for user in queryset:
            services.sessions_end_all(actor=request.user, user=user, request=request)
        self.message_user(request, _("Sessies beëindigd."), messages.SUCCESS)

    @admin.action(description=_("Tweestapsverificatie resetten (na identiteitscontrole)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.second_factor_reset(request=request, actor=request.user, user=user)
        self.message_user(request, _("Tweestapsverificatie gereset; de gebruiker stelt die bij "
                                     "de volgende keer inloggen opnieuw in."), messages.SUCCESS)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event_type", "actor", "subject", "organisation_id", "ip"]
    list_filter = ["event_type"]
    search_fields = ["subject__email", "actor__email", "ip"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "ip", "user_agent", "created_at", "last_seen_at"]
    search_fields = ["user__email", "ip"]
    fields = ["user", "ip", "user_agent", "created_at", "last_seen_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
