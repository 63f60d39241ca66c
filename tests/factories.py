"""factory_boy factories for the ground floor: users, organisations, institutions."""

from __future__ import annotations

import factory
from django.utils import timezone

from psoportal.accounts.models import User
from psoportal.organisations.models import (
    CertifyingInstitution,
    InstitutionMembership,
    Membership,
    Organisation,
)

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@bedrijf{n}.example")
    full_name = factory.Faker("name", locale="nl_NL")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n} B.V.")
    kvk = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    website = factory.Sequence(lambda n: f"https://organisatie{n}.example")
    city = "Utrecht"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.COLLEGA


class CertifyingInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertifyingInstitution

    name = factory.Sequence(lambda n: f"Certificering {n} B.V.")
    kvk = factory.Sequence(lambda n: f"{20000000 + n:08d}")


class InstitutionMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstitutionMembership

    institution = factory.SubFactory(CertifyingInstitutionFactory)
    user = factory.SubFactory(UserFactory)
    role = InstitutionMembership.Role.AUDITOR
