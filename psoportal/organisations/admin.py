from django.contrib import admin

from psoportal.organisations.models import (
    CertifyingInstitution,
    Entity,
    InstitutionMembership,
    Membership,
    Organisation,
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
    list_display = ["name", "kvk", "city", "sector"]
    search_fields = ["name", "kvk", "entities__kvk"]
    inlines = [EntityInline, MembershipInline]


class InstitutionMembershipInline(admin.TabularInline):
    model = InstitutionMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(CertifyingInstitution)
class CertifyingInstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kvk", "city", "is_active"]
    search_fields = ["name", "kvk"]
    inlines = [InstitutionMembershipInline]
