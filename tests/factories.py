"""Factories shared by the whole suite."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import Group

from accounts.demo import DEMO_PASSWORD, INSTITUTIONS, ensure_institutions
from accounts.models import Institution, OrganisationKind, Sector, User
from modules.models import CourseModulePage, EnrolmentState, ModuleIndexPage, ModuleTeacher


def demo_institutions(*short_names, **names):
    """The demo institutions with these short names, made as seed_demo makes them.

    They come from `accounts/demo_data/accounts.toml`; `names` gives some of them another
    name, as in `demo_institutions("OsloMet", OsloMet="OsloMet")`.
    """
    rows = [
        {**row, "name": names.get(row["short_name"], row["name"])}
        for row in INSTITUTIONS
        if row["short_name"] in short_names
    ]
    return ensure_institutions(rows)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Institution {n}")
    short_name = factory.Sequence(lambda n: f"I{n}")
    country = "NO"
    city = "Oslo"
    sector = Sector.HIGHER
    kind = OrganisationKind.UNIVERSITY
    timezone = "Europe/Oslo"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda u: u.username.replace(".", " ").title())
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)
    timezone = "Europe/Oslo"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class ModuleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModuleIndexPage

    title = "Course modules"
    slug = "modules"


class CourseModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    summary = "A module designed together by two partner institutions."
    sector = Sector.HIGHER
    start_date = datetime.date(2027, 2, 1)
    end_date = datetime.date(2027, 3, 14)
    enrolment_state = EnrolmentState.RUNNING


class ModuleTeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModuleTeacher

    page = factory.SubFactory(CourseModulePageFactory)
    user = factory.SubFactory(UserFactory, roles=["Teachers"])
    institution = factory.LazyAttribute(lambda t: t.user.institution)
    is_lead = True
