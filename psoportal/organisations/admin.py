from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from psoportal.organisations import services
from psoportal.organisations.models import (
    CertifyingInstitution,
    Entity,
    InstitutionInvitation,
    InstitutionMembership,
    Invitation,
    Membership,
    Organisation,
    RoleTransferRequest,
)


class EntityInline(admin.TabularInline):
    model = Entity
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kvk", "city", "sector", "domain_approval"]
    list_filter = ["domain_approval"]
    search_fields = ["name", "kvk", "entities__kvk"]
    readonly_fields = ["domain_reason", "domain_approval", "domain_decided_at"]
    inlines = [EntityInline, MembershipInline]
    actions = ["approve_domain", "reject_domain"]

    @admin.action(description=_("Afwijkend e-maildomein goedkeuren"))
    def approve_domain(self, request, queryset):
        for organisation in queryset.filter(domain_approval="pending"):
            services.domain_decide(request=request, actor=request.user,
                                   organisation=organisation, approve=True)
        self.message_user(request, _("Goedgekeurd."), messages.SUCCESS)

    @admin.action(description=_("Afwijkend e-maildomein afwijzen"))
    def reject_domain(self, request, queryset):
        for organisation in queryset.filter(domain_approval="pending"):
            services.domain_decide(request=request, actor=request.user,
                                   organisation=organisation, approve=False)
        self.message_user(request, _("Afgewezen."), messages.SUCCESS)


@admin.register(RoleTransferRequest)
class RoleTransferRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "from_user", "to_user", "status", "requested_at"]
    list_filter = ["status"]
    readonly_fields = ["organisation", "from_user", "to_user", "status", "requested_at",
                       "decided_at", "decided_by"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Overdracht goedkeuren"))
    def approve(self, request, queryset):
        for transfer in queryset:
            services.role_transfer_decide(request=request, actor=request.user,
                                          transfer=transfer, approve=True)
        self.message_user(request, _("Goedgekeurd."), messages.SUCCESS)

    @admin.action(description=_("Overdracht afwijzen"))
    def reject(self, request, queryset):
        for transfer in queryset:
            services.role_transfer_decide(request=request, actor=request.user,
                                          transfer=transfer, approve=False)
        self.message_user(request, _("Afgewezen."), messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at",
                    "revoked_at"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False


class InstitutionMembershipInline(admin.TabularInline):
    model = InstitutionMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(CertifyingInstitution)
class CertifyingInstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kvk", "city", "accreditation", "accreditation_valid_until",
                    "contact_name", "is_active"]
    search_fields = ["name", "kvk"]
    inlines = [InstitutionMembershipInline]


@admin.register(InstitutionInvitation)
class InstitutionInvitationAdmin(admin.ModelAdmin):
    # Read-only: invitations are made and revoked on PSO-Nederland's pages (services).
    list_display = ["email", "institution", "role", "created_at", "expires_at", "accepted_at",
                    "revoked_at"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
