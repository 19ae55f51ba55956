"""The my page with modules of the tests' own: queries, privacy, drafts and signing in."""

import datetime
import uuid

import bs4
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.demo import DEMO_PASSWORD
from accounts.roles import COORDINATORS, STUDENTS
from collaboration.membership import add_group, place_student
from collaboration.models import Enrolment, Space, SpaceKind
from collaboration.services import post_message
from tests.factories import UserFactory
from tests.modules.conftest import build_module, make_teacher, session

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Sessions far ahead, so that they stay upcoming whatever today's date is.
FUTURE = datetime.datetime(2099, 3, 2, 12, 0, tzinfo=UTC)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def page_of(response):
    assert response.status_code == 200
    return bs4.BeautifulSoup(response.content, "html.parser")


def main_text(response):
    return " ".join(page_of(response).find("main").get_text().split())


@pytest.fixture
def people(partners):
    oslo, leuven = partners["oslo"], partners["leuven"]
    return {
        "oslo": make_teacher("teacher.oslo", oslo),
        "leuven": make_teacher("teacher.leuven", leuven, "Europe/Brussels"),
        "student": UserFactory(username="student.oslo", roles=[STUDENTS], institution=oslo),
        "classmate": UserFactory(
            username="student.leuven",
            roles=[STUDENTS],
            institution=leuven,
            timezone="Europe/Brussels",
            email="classmate@example.org",
        ),
        "coordinator": UserFactory(
            username="coordinator.oslo", roles=[COORDINATORS], institution=oslo
        ),
    }


@pytest.fixture
def add_modules(module_index, partners, people, settings):
    """Make modules as a running course is: both sides lead, a group, messages, sessions,
    and a new version that OsloMet submitted and UCLL is still to approve."""
    # One classmate posts into every space of every module within a second or two.
    settings.COIL_MESSAGE_RATE = "1000/1s"
    made = []

    def add(count):
        for _ in range(count):
            number = len(made) + 1
            module = build_module(
                module_index,
                title=f"Module {number}",
                partner_list=[partners["oslo"], partners["leuven"]],
                teacher_list=[(people["oslo"], True), (people["leuven"], True)],
                start_date=datetime.date(2099, 2, 1),
                end_date=datetime.date(2099, 4, 30),
                sessions=[
                    session(f"Meeting {number}", FUTURE, FUTURE + datetime.timedelta(hours=1)),
                    session(
                        f"Review {number}",
                        FUTURE + datetime.timedelta(days=7),
                        FUTURE + datetime.timedelta(days=7, hours=1),
                    ),
                ],
            )
            group = add_group(module)
            for student in (people["student"], people["classmate"]):
                Enrolment.objects.create(module=module, student=student)
                place_student(module, student, group)
            for space in Space.objects.filter(module=module, kind__in=["plaza", "group"]):
                post_message(
                    user=people["classmate"], space=space, body="Hello", client_id=uuid.uuid4()
                )
            module.summary = f"A new summary for module {number}."
            module.save_revision(user=people["oslo"])
            module.get_workflow().start(module, people["oslo"])
            made.append(module)
        return made

    return add


def query_count(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/me/")
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("who", ["student", "leuven", "oslo", "coordinator"])
def test_the_page_costs_the_same_queries_for_one_module_as_for_five(add_modules, people, who):
    client = signed_in(people[who])
    add_modules(1)
    client.get("/en/me/")  # caches that any first request fills (content types, sites)
    one, response = query_count(client)
    assert "Module 1" in main_text(response)
    add_modules(4)
    five, response = query_count(client)
    assert "Module 5" in main_text(response)
    assert five <= one, f"{one} queries for one module, {five} for five"


def test_five_modules_are_all_listed_with_their_approvals_and_unread_counts(add_modules, people):
    add_modules(5)
    soup = page_of(signed_in(people["leuven"]).get("/en/me/"))
    reviews = soup.select("section[aria-labelledby=awaits-heading] li")
    assert len(reviews) == 5
    assert all(" ".join(r.get_text().split()).startswith("Approve for UCLL: ") for r in reviews)
    cards = soup.select("section[aria-labelledby=teaching-heading] article")
    assert len(cards) == 5

    soup = page_of(signed_in(people["student"]).get("/en/me/"))
    cards = soup.select("section[aria-labelledby=studying-heading] article")
    assert len(cards) == 5
    for card in cards:
        counts = [badge["data-unread"] for badge in card.select("[data-unread]")]
        assert counts == ["1", "1"]  # the classmate's message in the plaza and the group
        assert "Meeting" in card.select_one(".mypage-session").get_text()


def test_nothing_of_modules_one_does_not_take_part_in(make_module, partners, people):
    kolkata = partners["kolkata"]
    other = make_teacher("teacher.kolkata", kolkata, "Asia/Kolkata")
    secret = make_module(
        title="A module of others",
        partner_list=[partners["leuven"], kolkata],
        teacher_list=[(other, True), (people["leuven"], True)],
    )
    Enrolment.objects.create(module=secret, student=people["classmate"])
    plaza = Space.objects.get(module=secret, kind=SpaceKind.PLAZA)
    post_message(user=other, space=plaza, body="Private words", client_id=uuid.uuid4())

    for who in ("student", "oslo", "coordinator"):
        text = main_text(signed_in(people[who]).get("/en/me/"))
        assert "A module of others" not in text, who
        assert "Private words" not in text
    # The classmate and teacher.leuven take part in it, and see it.
    assert "A module of others" in main_text(signed_in(people["classmate"]).get("/en/me/"))
    assert "A module of others" in main_text(signed_in(people["leuven"]).get("/en/me/"))


def test_contact_details_go_to_participants_only(add_modules, people):
    add_modules(1)
    student_page = page_of(signed_in(people["student"]).get("/en/me/"))
    mails = {a["href"] for a in student_page.find("main").select("a[href^=mailto]")}
    assert mails == {
        "mailto:teacher.oslo@example.org",
        "mailto:teacher.leuven@example.org",
    }
    # Nobody sees a fellow student's address; the coordinator sees no addresses at all.
    for who in ("student", "oslo", "coordinator"):
        assert "classmate@example.org" not in main_text(signed_in(people[who]).get("/en/me/"))
    assert "@example.org" not in main_text(signed_in(people["coordinator"]).get("/en/me/"))


def test_a_draft_module_is_listed_to_its_teachers_with_what_to_do(make_module, partners, people):
    make_module(
        title="Still a draft",
        partner_list=[partners["oslo"], partners["leuven"]],
        teacher_list=[(people["oslo"], True), (people["leuven"], True)],
        publish=False,
    )
    soup = page_of(signed_in(people["oslo"]).get("/en/me/"))
    card = soup.select_one("section[aria-labelledby=teaching-heading] article")
    assert card.h3.get_text(strip=True) == "Still a draft"
    assert card.h3.a is None  # no public page yet
    text = " ".join(card.get_text().split())
    assert "Draft Submit it for partner approval when it is ready to be published." in text
    assert card.find("a", string="Edit in the admin")["href"].startswith("/admin/pages/")


def test_a_teacher_without_modules_is_shown_how_to_start_one(module_index, people):
    section = page_of(signed_in(people["oslo"]).get("/en/me/")).select_one(
        "section[aria-labelledby=teaching-heading]"
    )
    text = " ".join(section.get_text().split())
    assert "You do not teach any module yet." in text
    link = section.find("a", string="Start a course module in the admin")
    assert link["href"] == f"/admin/pages/{module_index.pk}/add_subpage/"


def test_students_not_yet_in_a_group_are_pointed_out_to_the_teachers(add_modules, people, partners):
    module = add_modules(1)[0]
    late = UserFactory(username="student.late", roles=[STUDENTS], institution=partners["oslo"])
    Enrolment.objects.create(module=module, student=late)
    card = page_of(signed_in(people["oslo"]).get("/en/me/")).select_one(
        "section[aria-labelledby=teaching-heading] article"
    )
    link = card.find("a", string="1 student is not in a group yet")
    assert link["href"] == f"/en/modules/{module.pk}/groups/"
    assert "3 students enrolled." in " ".join(card.get_text().split())


def test_a_coordinator_without_institution_is_told_why_nothing_shows(db):
    user = UserFactory(username="coordinator.nowhere", roles=[COORDINATORS])
    text = main_text(signed_in(user).get("/en/me/"))
    assert "Your account does not name an institution yet." in text


def test_an_account_without_a_role_is_told_how_to_get_one(db):
    user = UserFactory(username="nobody")
    text = main_text(signed_in(user).get("/en/me/"))
    assert "Your account has no role on the platform yet." in text


# Signing in ------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/nb/me/")
    assert response.status_code == 302
    assert response["Location"] == "/nb/accounts/login/?next=/nb/me/"


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_signing_in_without_next_lands_on_my_page_in_the_sign_in_pages_language(
    client, people, language
):
    # The person prefers Norwegian; the sign-in page was in the language of its address.
    login = client.get(f"/{language}/accounts/login/")
    assert login.context["LANGUAGE_CODE"] == language
    response = client.post(
        f"/{language}/accounts/login/", {"username": "student.oslo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/me/"


def test_the_old_sign_in_address_follows_the_browsers_language_without_a_cookie(people):
    client = Client(headers={"accept-language": "sv"})
    response = client.post(
        "/accounts/login/", {"username": "student.oslo", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/sv/accounts/login/", 307), ("/sv/me/", 302)]


def test_signing_in_with_next_goes_there(client, people):
    response = client.post(
        "/en/accounts/login/",
        {"username": "student.oslo", "password": DEMO_PASSWORD, "next": "/en/modules/"},
    )
    assert response["Location"] == "/en/modules/"
