"""Validation of a module in the admin: clear messages, nothing saved when something is wrong."""

import datetime

import pytest

from modules.funding import funding_checklist
from modules.models import CourseModulePage
from tests.modules.conftest import edit_url, form_data_from

pytestmark = pytest.mark.django_db


def add_url(index):
    return f"/admin/pages/add/modules/coursemodulepage/{index.pk}/"


def module_data(client, index, partners=(), teachers=(), sessions=(), **fields):
    """Form data for a new module, as the admin's add form would send it.

    teachers: (user, institution, is_lead); sessions: (title, start, end) in the editor's
    time zone as typed ("2027-03-02 13:00").
    """
    data = form_data_from(client.get(add_url(index)))
    data.update(
        {
            "title": ["Outdoor play across cultures"],
            "slug": ["outdoor-play"],
            "summary": ["Students compare outdoor play."],
            "mode": ["coil"],
            "sector": ["higher"],
            "start_date": ["2027-02-22"],
            "end_date": ["2027-04-02"],
            "enrolment_state": ["closed"],
            "invitation_code": ["demo-code-1"],
            "partners": [str(p.pk) for p in partners],
            "teachers-TOTAL_FORMS": [str(len(teachers))],
            "teachers-INITIAL_FORMS": ["0"],
            "sessions-TOTAL_FORMS": [str(len(sessions))],
            "sessions-INITIAL_FORMS": ["0"],
        }
    )
    for n, (user, institution, lead) in enumerate(teachers):
        data[f"teachers-{n}-user"] = [str(user.pk)]
        data[f"teachers-{n}-institution"] = [str(institution.pk)]
        data[f"teachers-{n}-is_lead"] = ["on"] if lead else []
        data[f"teachers-{n}-ORDER"] = [str(n + 1)]
    for n, (title, start, end) in enumerate(sessions):
        data[f"sessions-{n}-title"] = [title]
        data[f"sessions-{n}-kind"] = ["synchronous"]
        data[f"sessions-{n}-starts_at"] = [start]
        data[f"sessions-{n}-ends_at"] = [end]
        data[f"sessions-{n}-ORDER"] = [str(n + 1)]
    for name, value in fields.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


@pytest.fixture
def oslo_client(client, teachers):
    client.force_login(teachers["oslo"])
    return client


@pytest.fixture
def good(partners, teachers):
    return {
        "partners": [partners["oslo"], partners["leuven"]],
        "teachers": [
            (teachers["oslo"], partners["oslo"], True),
            (teachers["leuven"], partners["leuven"], True),
        ],
    }


def post_new(client, index, **kwargs):
    response = client.post(add_url(index), module_data(client, index, **kwargs))
    return response


def errors_of(response):
    """Every error message on the returned form, page fields and inline rows together."""
    assert response.status_code == 200, "the form was expected to be refused"
    form = response.context["form"]
    messages = [str(e) for errors in form.errors.values() for e in errors]
    for formset in form.formsets.values():
        for child in formset.forms:
            messages += [str(e) for errors in child.errors.values() for e in errors]
        messages += [str(e) for e in formset.non_form_errors()]
    return messages


def test_a_valid_module_is_saved(oslo_client, module_index, good):
    response = post_new(oslo_client, module_index, **good)
    assert response.status_code == 302
    module = CourseModulePage.objects.get(slug="outdoor-play", alias_of__isnull=True)
    assert {t.user.username for t in module.teachers.all()} == {"teacher.oslo", "teacher.leuven"}


def test_at_least_two_partners(oslo_client, module_index, partners, teachers):
    response = post_new(
        oslo_client,
        module_index,
        partners=[partners["oslo"]],
        teachers=[(teachers["oslo"], partners["oslo"], True)],
    )
    assert "Choose at least two partner institutions: a module is made together." in errors_of(
        response
    )
    assert not CourseModulePage.objects.exists()


def test_partners_from_at_least_two_countries(oslo_client, module_index, partners, teachers):
    response = post_new(
        oslo_client,
        module_index,
        partners=[partners["oslo"], partners["bergen"]],
        teachers=[
            (teachers["oslo"], partners["oslo"], True),
            (teachers["outsider"], partners["bergen"], True),
        ],
    )
    assert (
        "The partners must come from at least two countries; all chosen institutions are in "
        "Norway." in errors_of(response)
    )


def test_every_teacher_belongs_to_a_partner(oslo_client, module_index, good, teachers, partners):
    good["teachers"].append((teachers["outsider"], partners["bergen"], False))
    messages = errors_of(post_new(oslo_client, module_index, **good))
    assert any("University of Bergen is not a partner of this module" in m for m in messages)


def test_a_teacher_is_listed_for_their_own_institution(
    oslo_client, module_index, good, teachers, partners
):
    good["teachers"].append((teachers["oslo2"], partners["leuven"], False))
    messages = errors_of(post_new(oslo_client, module_index, **good))
    assert "Ola Nordmann belongs to OsloMet, not UC Leuven-Limburg." in messages


def test_at_least_one_lead_per_partner(oslo_client, module_index, good, teachers, partners):
    good["teachers"][1] = (teachers["leuven"], partners["leuven"], False)
    messages = errors_of(post_new(oslo_client, module_index, **good))
    assert (
        "Every partner needs at least one lead teacher from its own staff. Missing for: "
        "UC Leuven-Limburg." in messages
    )


def test_teachers_list_themselves_when_they_create_a_module(
    client, module_index, teachers, partners
):
    client.force_login(teachers["oslo2"])
    response = post_new(
        client,
        module_index,
        partners=[partners["oslo"], partners["leuven"]],
        teachers=[
            (teachers["oslo"], partners["oslo"], True),
            (teachers["leuven"], partners["leuven"], True),
        ],
    )
    assert any("List yourself under “Teachers”" in m for m in errors_of(response))


def test_the_module_cannot_end_before_it_starts(oslo_client, module_index, good):
    response = post_new(oslo_client, module_index, end_date="2027-02-01", **good)
    assert "The module cannot end before it starts." in errors_of(response)


def test_sessions_end_after_they_start(oslo_client, module_index, good):
    response = post_new(
        oslo_client,
        module_index,
        sessions=[("Kick-off", "2027-02-23 14:00", "2027-02-23 13:00")],
        **good,
    )
    assert "A session must end after it starts." in errors_of(response)


def test_sessions_lie_within_the_module_dates(oslo_client, module_index, good):
    response = post_new(
        oslo_client,
        module_index,
        sessions=[("Too late", "2027-04-20 12:00", "2027-04-20 13:00")],
        **good,
    )
    messages = errors_of(response)
    assert any("must take place within the module’s dates" in m for m in messages)
    assert not CourseModulePage.objects.exists()


def test_session_on_the_last_day_in_some_partners_zone_is_accepted(
    client, module_index, partners, teachers
):
    # 2 April 23:30 in Kolkata is 2 April 20:00 UTC: the last day of the module there.
    client.force_login(teachers["kolkata"])
    response = post_new(
        client,
        module_index,
        partners=[partners["oslo"], partners["kolkata"]],
        teachers=[
            (teachers["oslo"], partners["oslo"], True),
            (teachers["kolkata"], partners["kolkata"], True),
        ],
        sessions=[("Late call", "2027-04-02 20:00", "2027-04-02 21:00")],
    )
    assert response.status_code == 302


def test_physical_part_needs_both_dates_within_the_module(oslo_client, module_index, good):
    response = post_new(oslo_client, module_index, physical_start="2027-03-01", **good)
    assert "Give both the first and the last day of the physical part." in errors_of(response)
    response = post_new(
        oslo_client,
        module_index,
        physical_start="2027-05-01",
        physical_end="2027-05-05",
        **good,
    )
    assert "The physical part must lie within the module’s dates." in errors_of(response)


def test_bip_rules_are_warnings_on_edit_and_public_pages(oslo_client, client, module_index, good):
    # Two partners and no physical dates: allowed, but the funding checklist warns.
    response = post_new(oslo_client, module_index, mode="bip", credits="2", **good)
    assert response.status_code == 302
    module = CourseModulePage.objects.get(slug="outdoor-play", alias_of__isnull=True)
    text = oslo_client.get(edit_url(module)).content.decode()
    assert "Erasmus+ blended intensive programme funding" in text
    assert "✗ At least three higher education institutions from three countries" in text
    assert "✗ At least 3 ECTS credits for the students. Now: 2 ECTS." in text

    module.save_revision().publish(skip_permission_checks=True)
    public = client.get(module.url).content.decode()
    assert "Erasmus+ BIP funding checklist" in public
    assert "The dates of the physical part are not set yet." in public


def test_bip_that_meets_the_rules_shows_them_met(make_module, partners, teachers):
    module = make_module(
        mode="bip",
        credits=3,
        physical_start=datetime.date(2027, 3, 8),
        physical_end=datetime.date(2027, 3, 12),
        partner_list=[partners["oslo"], partners["leuven"], partners["kolkata"]],
        teacher_list=[
            (teachers["oslo"], True),
            (teachers["leuven"], True),
            (teachers["kolkata"], True),
        ],
    )
    checks = funding_checklist(module)
    assert [c.ok for c in checks] == [True, True, True]
    assert checks[1].detail == "Now: 5 days."
    module.physical_end = datetime.date(2027, 4, 30)
    assert [c.ok for c in funding_checklist(module)] == [True, False, True]
    module.mode = "coil"
    assert funding_checklist(module) == []
