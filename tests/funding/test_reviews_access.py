"""Who may do what with reviews, every cell over HTTP (docs/permissions.md, "Funding calls")."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import GroupPagePermission

from funding import reviews
from funding.models import ApplicationFile, CallPage, Review
from funding.services import start_application, submit_application
from tests.factories import UserFactory
from tests.funding.conftest import DEADLINE, WHILE_OPEN, coordinator, municipality
from tests.funding.helpers import complete
from tests.funding.test_reviews import AFTER, CRITERIA

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_call, bodo, bodo_coordinator):
    """A review call with Bodø's application assigned to `assigned`, Alta's to `other`."""
    call = make_call(slug="merit", code="MERIT", allocation="review", places=1, criteria=CRITERIA)
    group, _made = Group.objects.get_or_create(name="Reviewers")
    alta = municipality("Alta kommune")
    coordinator(alta, "coordinator.alta")
    made = {}
    for name, institution in (("bodo", bodo), ("alta", alta)):
        application = complete(start_application(call, institution, None, now=WHILE_OPEN))
        made[name] = submit_application(application, None, now=WHILE_OPEN)
    ApplicationFile.objects.create(
        application=made["bodo"], question="q-plan", file=ContentFile(b"plan", name="plan.txt")
    )
    managers = Group.objects.create(name="Managers of this call")
    GroupPagePermission.objects.create(group=managers, page=call, permission_type="change")
    manager = UserFactory(username="manager", is_staff=True, institution=call.funder)
    manager.groups.add(managers)
    people = {
        "assigned": UserFactory(username="assigned", display_name="Assigned Reviewer"),
        "other": UserFactory(username="other"),
        "coordinator": bodo_coordinator,
        "manager": manager,
    }
    for key in ("assigned", "other"):
        people[key].groups.add(group)
    reviews.assign(made["bodo"], people["assigned"], manager, now=AFTER)
    reviews.assign(made["alta"], people["other"], manager, now=AFTER)
    return call, made, people


SCORES = {"c-quality": "7", "c-impact": "4", "comment": "Clear plan.", "action": "submit"}


def review_url(application):
    return f"/en/funding/reviews/{application.pk}/"


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, setting):
    call, made, _people = setting
    bodo = made["bodo"]
    file = bodo.files.get()
    for url in (
        "/en/funding/reviews/",
        review_url(bodo),
        f"{review_url(bodo)}files/{file.pk}/",
        f"/en/funding/calls/{call.pk}/reviews/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for url in (
        review_url(bodo),
        f"/en/funding/calls/{call.pk}/reviews/{bodo.pk}/assign/",
        f"/en/funding/calls/{call.pk}/reviews/decide/",
    ):
        assert client.post(url, SCORES).status_code == 302, url
    assert not Review.objects.filter(submitted_at__isnull=False).exists()


def test_the_assigned_reviewer_reads_the_application_without_e_mails_and_scores_it(client, setting):
    call, made, people = setting
    bodo = made["bodo"]
    client.force_login(people["assigned"])
    listing = client.get("/en/funding/reviews/")
    assert bodo.reference in listing.text and made["alta"].reference not in listing.text
    page = client.get(review_url(bodo))
    assert page.status_code == 200
    assert "Learning together across borders" in page.text  # the title
    assert "Our schools want partners." in page.text  # an answer
    assert "Leader 0" in page.text  # the project group
    assert "leader0@example.org" not in page.text
    assert "Quality" in page.text and "From 0 to 10." in page.text
    file = bodo.files.get()
    assert client.get(f"{review_url(bodo)}files/{file.pk}/").status_code == 200
    response = client.post(review_url(bodo), SCORES)
    assert response.status_code == 302
    review = Review.objects.get(application=bodo)
    assert review.scores == {"c-quality": 7, "c-impact": 4} and review.submitted_at
    assert review.comment == "Clear plan."


def test_a_score_out_of_range_is_refused_over_http_with_the_reason(client, setting):
    _call, made, people = setting
    client.force_login(people["assigned"])
    response = client.post(review_url(made["bodo"]), {**SCORES, "c-quality": "11"})
    assert response.status_code == 400
    assert "The score is from 0 to 10." in response.text
    assert Review.objects.get(application=made["bodo"]).submitted_at is None


def test_a_reviewer_not_assigned_gets_404(client, setting):
    _call, made, people = setting
    bodo = made["bodo"]
    client.force_login(people["other"])
    assert bodo.reference not in client.get("/en/funding/reviews/").text
    assert client.get(review_url(bodo)).status_code == 404
    assert client.post(review_url(bodo), SCORES).status_code == 404
    file = bodo.files.get()
    assert client.get(f"{review_url(bodo)}files/{file.pk}/").status_code == 404
    assert Review.objects.get(application=bodo).submitted_at is None


def test_a_reviewer_taken_out_of_the_reviewers_group_gets_404(client, setting):
    _call, made, people = setting
    people["assigned"].groups.clear()
    client.force_login(people["assigned"])
    assert client.get(review_url(made["bodo"])).status_code == 404


def test_the_applicant_coordinator_gets_404_on_reviews_and_the_managers_page(client, setting):
    call, made, people = setting
    bodo = made["bodo"]
    client.force_login(people["coordinator"])
    assert client.get("/en/funding/reviews/").status_code == 200  # an empty list
    assert bodo.reference not in client.get("/en/funding/reviews/").text
    assert client.get(review_url(bodo)).status_code == 404
    assert client.post(review_url(bodo), SCORES).status_code == 404
    assert client.get(f"/en/funding/calls/{call.pk}/reviews/").status_code == 404
    assign = f"/en/funding/calls/{call.pk}/reviews/{bodo.pk}/assign/"
    assert client.post(assign, {"reviewer": "other"}).status_code == 404
    assert client.post(f"/en/funding/calls/{call.pk}/reviews/decide/").status_code == 404
    assert Review.objects.filter(application=bodo).count() == 1
    assert CallPage.objects.get(pk=call.pk).decided_at is None


def test_the_manager_assigns_and_decides_but_does_not_score(client, setting):
    call, made, people = setting
    bodo = made["bodo"]
    client.force_login(people["manager"])
    page = client.get(f"/en/funding/calls/{call.pk}/reviews/")
    assert page.status_code == 200 and "Assigned Reviewer" in page.text
    assert client.get(review_url(bodo)).status_code == 404
    assign = f"/en/funding/calls/{call.pk}/reviews/{bodo.pk}/assign/"
    assert client.post(assign, {"reviewer": "other@example.org"}).status_code == 302
    assert Review.objects.filter(application=bodo, reviewer=people["other"]).exists()
    # A duplicate, and a coordinator of the applicant institution, are refused with the reason.
    again = client.post(assign, {"reviewer": "other"})
    assert again.status_code == 400 and "is already a reviewer of" in again.text
    people["coordinator"].groups.add(Group.objects.get(name="Reviewers"))
    insider = client.post(assign, {"reviewer": "coordinator.bodo"})
    assert insider.status_code == 400 and "conflict of interest" in insider.text
    assert Review.objects.filter(application=bodo).count() == 2
    # Deciding before every eligible one has a submitted review is refused with the reason.
    refused = client.post(f"/en/funding/calls/{call.pk}/reviews/decide/", follow=True)
    assert "have no submitted review yet" in refused.text
    assert CallPage.objects.get(pk=call.pk).decided_at is None
    for review in Review.objects.filter(reviewer__in=[people["assigned"], people["other"]]):
        reviews.save_review(review, {"c-quality": 5, "c-impact": 5}, "", submit=True)
    decided = client.post(f"/en/funding/calls/{call.pk}/reviews/decide/", follow=True)
    assert "The call is decided by the review scores." in decided.text
    assert CallPage.objects.get(pk=call.pk).decided_at is not None
    twice = client.post(f"/en/funding/calls/{call.pk}/reviews/decide/", follow=True)
    assert "it cannot be decided again" in twice.text


def test_deciding_before_the_deadline_is_refused_over_http(client, make_call):
    call = make_call(
        slug="later",
        code="LATER",
        allocation="review",
        criteria=CRITERIA,
        deadline=DEADLINE.replace(year=2099),
    )
    client.force_login(UserFactory(username="root", is_superuser=True))
    refused = client.post(f"/en/funding/calls/{call.pk}/reviews/decide/", follow=True)
    assert "has not passed; the call cannot be decided yet" in refused.text
    assert CallPage.objects.get(pk=call.pk).decided_at is None


def test_a_draw_call_has_no_review_page(client, call):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(f"/en/funding/calls/{call.pk}/reviews/").status_code == 404


def test_the_page_editor_offers_the_review_criteria(client, setting):
    call, _made, _people = setting
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(f"/admin/pages/{call.pk}/edit/")
    assert response.status_code == 200
    assert "Review criteria" in response.text or "review criteria" in response.text
    assert "Maximum score" in response.text and "Quality" in response.text
