"""Review and scores: assigning reviewers, scoring, averages, deciding by scores."""

import csv
import datetime
import hashlib
import hmac
import io
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from accounts.demo import DEMO_PASSWORD
from accounts.models import OrganisationKind, Sector, User
from funding import decisions, reviews
from funding.choices import ApplicationState, CallState
from funding.models import Application, ApplicationEvent, CallPage, Draw, Review
from funding.services import start_application, submit_application
from notifications.models import Notification
from tests.factories import InstitutionFactory, UserFactory
from tests.funding.conftest import DEADLINE, WHILE_OPEN, coordinator, municipality
from tests.funding.helpers import complete

pytestmark = pytest.mark.django_db
AFTER = DEADLINE + datetime.timedelta(days=2)
TOWNS = ["Alta", "Bodø", "Harstad", "Molde", "Narvik"]
CRITERIA = [
    {"type": "criterion", "id": "c-quality", "value": {"name": "Quality", "maximum": 10}},
    {
        "type": "criterion",
        "id": "c-impact",
        "value": {"name": "Impact", "description": "For the pupils.", "maximum": 5},
    },
]


@pytest.fixture
def reviewers_group(db):
    group, _made = Group.objects.get_or_create(name="Reviewers")  # made by the migration
    return group


@pytest.fixture
def university(db):
    return InstitutionFactory(
        name="Linnaeus University",
        short_name="LNU",
        kind=OrganisationKind.UNIVERSITY,
        sector=Sector.HIGHER,
    )


def reviewer(username, institution, group):
    person = UserFactory(username=username, institution=institution)
    person.groups.add(group)
    return person


@pytest.fixture
def merit(make_call):
    """A call of two places ranked by review, a draw among tied ones; five eligible, one not."""
    call = make_call(
        slug="merit", code="MERIT", allocation="review_draw", places=2, criteria=CRITERIA
    )
    applications = {}
    for town in TOWNS:
        institution = municipality(f"{town} kommune")
        coordinator(institution, f"coordinator.{town.lower()}")
        application = complete(start_application(call, institution, None, now=WHILE_OPEN))
        applications[town] = submit_application(application, None, now=WHILE_OPEN)
    short = complete(
        start_application(call, municipality("Hamar kommune"), None, now=WHILE_OPEN), leaders=1
    )
    applications["Hamar"] = submit_application(short, None, now=WHILE_OPEN)
    return call, applications


@pytest.fixture
def people(reviewers_group, university):
    return {
        "ada": reviewer("ada", university, reviewers_group),
        "bo": reviewer("bo", university, reviewers_group),
        "manager": UserFactory(username="manager", is_superuser=True),
    }


def score(application, person, quality, impact, manager):
    review = reviews.assign(application, person, manager, now=AFTER)
    return reviews.save_review(
        review, {"c-quality": quality, "c-impact": impact}, "", submit=True, now=AFTER
    )


def scored(merit, people, totals):
    """Each town's reviews: {town: [(quality, impact) by ada, by bo]}."""
    call, applications = merit
    for town, pairs in totals.items():
        for person, (quality, impact) in zip(("ada", "bo"), pairs, strict=False):
            score(applications[town], people[person], quality, impact, people["manager"])
    return call, applications


# --- assigning --------------------------------------------------------------------------


def test_a_reviewer_of_the_applicant_institution_is_refused_with_the_reason(
    merit, people, reviewers_group
):
    call, applications = merit
    insider = reviewer("insider", applications["Alta"].institution, reviewers_group)
    with pytest.raises(reviews.ReviewRefused, match="conflict of interest"):
        reviews.assign(applications["Alta"], insider, people["manager"], now=AFTER)
    assert not Review.objects.exists()
    # From another institution's application they may review.
    reviews.assign(applications["Bodø"], insider, people["manager"], now=AFTER)


def test_the_assigned_reviewer_is_told_with_a_link_to_the_review(merit, people, client):
    call, applications = merit
    reviews.assign(applications["Alta"], people["ada"], people["manager"], now=AFTER)
    notice = Notification.objects.get(kind="funding_review_assigned")
    assert notice.recipient == people["ada"]
    client.force_login(people["ada"])
    assert client.get(notice.target_url).status_code == 200
    assert not Notification.objects.filter(
        kind="funding_review_assigned", recipient__institution=applications["Alta"].institution
    ).exists()


def test_assigning_twice_or_before_the_deadline_or_a_non_reviewer_is_refused(merit, people):
    call, applications = merit
    with pytest.raises(reviews.ReviewRefused, match="after the deadline"):
        reviews.assign(applications["Alta"], people["ada"], people["manager"], now=DEADLINE)
    reviews.assign(applications["Alta"], people["ada"], people["manager"], now=AFTER)
    with pytest.raises(reviews.ReviewRefused, match="already a reviewer of"):
        reviews.assign(applications["Alta"], people["ada"], people["manager"], now=AFTER)
    assert Review.objects.count() == 1
    UserFactory(username="outsider")
    with pytest.raises(reviews.ReviewRefused, match="Nobody in the Reviewers group"):
        reviews.find_reviewer("outsider")
    assert reviews.find_reviewer("ADA@example.org") == people["ada"]


# --- scoring ----------------------------------------------------------------------------


def test_scores_out_of_range_are_refused_with_the_reason_and_change_nothing(merit, people):
    call, applications = merit
    review = reviews.assign(applications["Alta"], people["ada"], people["manager"], now=AFTER)
    with pytest.raises(reviews.ReviewRefused) as refusal:
        reviews.save_review(review, {"c-quality": 11, "c-impact": -1}, "", submit=True)
    assert "Quality: 11 is out of range; the score is from 0 to 10." in str(refusal.value)
    assert "Impact: -1 is out of range; the score is from 0 to 5." in str(refusal.value)
    review.refresh_from_db()
    assert review.scores == {} and review.submitted_at is None


def test_a_submitted_review_can_be_changed_until_the_call_is_decided(merit, people):
    call, applications = scored(merit, people, {town: [(5, 3)] for town in TOWNS})
    review = Review.objects.get(application=applications["Alta"])
    reviews.save_review(review, {"c-quality": 9, "c-impact": 5}, "Better", submit=False)
    review.refresh_from_db()
    assert review.total == 14 and review.submitted_at is not None  # still counts
    reviews.decide_by_scores(call, people["manager"], now=AFTER)
    with pytest.raises(reviews.ReviewRefused, match="can no longer be changed"):
        reviews.save_review(review, {"c-quality": 0, "c-impact": 0}, "", submit=True)
    review.refresh_from_db()
    assert review.total == 14


# --- deciding ---------------------------------------------------------------------------


def test_deciding_before_the_deadline_or_with_an_unreviewed_eligible_one_is_refused(merit, people):
    call, applications = scored(merit, people, {town: [(5, 3)] for town in TOWNS[:-1]})
    with pytest.raises(reviews.ReviewRefused, match="has not passed"):
        reviews.decide_by_scores(call, people["manager"], now=DEADLINE)
    with pytest.raises(reviews.ReviewRefused, match=applications["Narvik"].reference):
        reviews.decide_by_scores(call, people["manager"], now=AFTER)
    # A review only saved does not count either.
    review = reviews.assign(applications["Narvik"], people["ada"], people["manager"], now=AFTER)
    reviews.save_review(review, {"c-quality": 1, "c-impact": 1}, "", submit=False)
    with pytest.raises(reviews.ReviewRefused, match="no submitted review"):
        reviews.decide_by_scores(call, people["manager"], now=AFTER)
    assert CallPage.objects.get(pk=call.pk).decided_at is None
    assert not ApplicationEvent.objects.filter(to_state=ApplicationState.AWARDED).exists()


def recomputed_tie_order(draw, tied):
    """The documented check: HMAC-SHA256 with the draw key over each reference, lowest first."""
    eligible_hash = hashlib.sha256("\n".join(sorted(draw.eligible)).encode()).hexdigest()
    assert eligible_hash == draw.eligible_hash
    key = hashlib.sha256(f"{draw.seed}:{draw.beacon}:{eligible_hash}".encode()).digest()
    return sorted(tied, key=lambda ref: hmac.new(key, ref.encode(), hashlib.sha256).hexdigest())


def test_the_highest_averages_are_awarded_and_ties_are_broken_by_the_draw(
    merit, people, django_capture_on_commit_callbacks
):
    # Averages: Alta 12.5, Bodø 10, Harstad 10, Molde 10, Narvik 4; Hamar is not eligible.
    call, applications = scored(
        merit,
        people,
        {
            "Alta": [(10, 5), (7, 3)],
            "Bodø": [(8, 2)],
            "Harstad": [(6, 4), (7, 3)],
            "Molde": [(5, 5)],
            "Narvik": [(2, 2)],
        },
    )
    score(applications["Hamar"], people["ada"], 10, 5, people["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        draw = reviews.decide_by_scores(call, people["manager"], now=AFTER)
    ref = {town: application.reference for town, application in applications.items()}
    tied = recomputed_tie_order(draw, [ref["Bodø"], ref["Harstad"], ref["Molde"]])
    assert draw.order == [ref["Alta"], *tied, ref["Narvik"]]
    assert ref["Hamar"] not in draw.order
    call.refresh_from_db()
    assert call.decided_at == AFTER and call.state_at(AFTER) == CallState.DECIDED
    state = {town: Application.objects.get(pk=a.pk).state for town, a in applications.items()}
    assert state["Alta"] == ApplicationState.AWARDED
    assert state[next(t for t in TOWNS if ref[t] == tied[0])] == ApplicationState.AWARDED
    assert [state[t] for t in TOWNS].count(ApplicationState.WAITING) == 3
    assert state["Hamar"] == ApplicationState.SUBMITTED
    event = ApplicationEvent.objects.get(application=applications["Alta"], to_state="awarded")
    assert event.actor == people["manager"] and event.at == AFTER
    assert Notification.objects.filter(kind="funding_awarded").exists()
    assert Notification.objects.filter(kind="funding_waiting").exists()


def test_a_call_ranked_by_review_alone_breaks_ties_by_reference(make_call, people):
    call = make_call(slug="plain", code="PLAIN", allocation="review", places=1, criteria=CRITERIA)
    made = []
    for town in ("Tana", "Lom"):
        application = complete(
            start_application(call, municipality(f"{town} kommune"), None, now=WHILE_OPEN)
        )
        made.append(submit_application(application, None, now=WHILE_OPEN))
        score(made[-1], people["ada"], 4, 4, people["manager"])
    draw = reviews.decide_by_scores(call, people["manager"], now=AFTER)
    assert draw.order == sorted(a.reference for a in made)
    assert Application.objects.get(reference=draw.order[0]).state == ApplicationState.AWARDED


def test_deciding_twice_is_refused(merit, people):
    call, applications = scored(merit, people, {town: [(5, 3)] for town in TOWNS})
    reviews.decide_by_scores(call, people["manager"], now=AFTER)
    with pytest.raises(reviews.ReviewRefused, match="cannot be decided again"):
        reviews.decide_by_scores(call, people["manager"], now=AFTER + datetime.timedelta(hours=1))
    assert ApplicationEvent.objects.filter(to_state=ApplicationState.AWARDED).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_managers_deciding_at_once_make_one_decision(merit, people):
    call, applications = scored(merit, people, {town: [(5, 3)] for town in TOWNS})
    other = UserFactory(username="other.manager", is_superuser=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user):
        try:
            barrier.wait()
            reviews.decide_by_scores(call, user, now=AFTER)
            outcomes.append("decided")
        except reviews.ReviewRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(u,)) for u in (people["manager"], other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["decided", "refused"]
    assert ApplicationEvent.objects.filter(to_state=ApplicationState.AWARDED).count() == 2
    assert ApplicationEvent.objects.filter(to_state=ApplicationState.WAITING).count() == 3


def test_a_decline_offers_the_place_to_the_next_in_the_ranking(merit, people):
    call, applications = scored(
        merit,
        people,
        {
            "Alta": [(9, 5)],
            "Bodø": [(8, 5)],
            "Harstad": [(1, 1)],
            "Molde": [(7, 5)],
            "Narvik": [(0, 0)],
        },
    )
    reviews.decide_by_scores(call, people["manager"], now=AFTER)
    decisions.decline_place(applications["Alta"], None, now=AFTER)
    assert Application.objects.get(pk=applications["Molde"].pk).state == ApplicationState.AWARDED
    assert Application.objects.get(pk=applications["Harstad"].pk).state == ApplicationState.WAITING


# --- what managers and applicants see ---------------------------------------------------


def test_managers_see_counts_and_averages_in_their_locale_and_in_the_csv(client, merit, people):
    call, applications = scored(merit, people, {"Alta": [(10, 5), (7, 3)], "Bodø": [(8, 2)]})
    client.force_login(people["manager"])
    table = client.get(f"/nb/funding/calls/{call.pk}/applications/")
    assert table.status_code == 200
    row = table.text.split(applications["Alta"].reference, 1)[1].split("</tr>")[0]
    assert "12,5" in row  # (15 + 10) / 2, with the Norwegian decimal comma
    english = client.get(f"/en/funding/calls/{call.pk}/applications/")
    assert "12.5" in english.text
    assert f"/en/funding/calls/{call.pk}/reviews/" in english.text
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/en/funding/calls/{call.pk}/applications/?format=csv").text)
        )
    )
    assert rows[0][-2:] == ["Reviews", "Average score"]
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference[applications["Alta"].reference][-2:] == ["2", "12.5"]
    assert by_reference[applications["Bodø"].reference][-2:] == ["1", "10.0"]
    assert by_reference[applications["Harstad"].reference][-2:] == ["0", ""]


def test_applicants_never_see_scores_nor_reviewers(client, merit, people):
    call, applications = scored(merit, people, {town: [(7, 3)] for town in TOWNS})
    Review.objects.filter(application=applications["Alta"]).update(comment="Secret remark")
    reviews.decide_by_scores(call, people["manager"], now=AFTER)
    client.force_login(applications["Alta"].institution.members.get())
    page = client.get(applications["Alta"].get_absolute_url())
    assert page.status_code == 200
    for secret in ("Secret remark", "Ada", "Average score", "10.0"):
        assert secret not in page.text
    assert client.get(f"/en/funding/calls/{call.pk}/reviews/").status_code == 404
    assert client.get(f"/en/funding/calls/{call.pk}/applications/").status_code == 404
    assert client.get(call.url).status_code == 200
    assert "Secret remark" not in client.get(call.url).text


DOCS = Path(__file__).resolve().parents[2] / "docs" / "funding.md"


def documented_check(**values):
    """The tie-break check of docs/funding.md with its first lines set to `values`."""
    section = DOCS.read_text().split("### How to check a tie-break", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    lines = []
    for line in code.splitlines():
        name = line.split(" = ", 1)[0]
        lines.append(f"{name} = {values[name]}" if name in values else line)
    return "\n".join(lines)


def test_the_documented_tie_break_check_passes_on_a_decision_and_fails_on_a_changed_one(
    client, merit, people, tmp_path
):
    call, applications = scored(
        merit, people, {"Alta": [(10, 5), (7, 3)], "Bodø": [(8, 2)], "Harstad": [(6, 4)]}
    )
    for town in ("Molde", "Narvik"):
        score(applications[town], people["ada"], 6, 4, people["manager"])
    draw = reviews.decide_by_scores(call, people["manager"], now=AFTER)
    totals = {}
    for review in Review.objects.filter(application__reference__in=draw.eligible):
        totals.setdefault(review.application.reference, []).append(review.total)
    values = {
        "commitment": repr(hashlib.sha256(draw.seed.encode()).hexdigest()),
        "seed, beacon": f"{draw.seed!r}, {draw.beacon!r}",
        "totals": repr(totals),
        "order": repr(draw.order),
    }
    script = tmp_path / "check.py"
    script.write_text(documented_check(**values))
    run = subprocess.run([sys.executable, "check.py"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "The ranking checks out"
    # The managers' reviews page shows what the check needs: the seed, each tied rank key.
    client.force_login(people["manager"])
    page = client.get(f"/en/funding/calls/{call.pk}/reviews/")
    assert values["commitment"].strip("'") in page.text and draw.seed in page.text
    key = hashlib.sha256(f"{draw.seed}:{draw.beacon}:{draw.eligible_hash}".encode()).digest()
    tied_reference = draw.order[1]
    assert hmac.new(key, tied_reference.encode(), hashlib.sha256).hexdigest() in page.text
    swapped = [draw.order[0], *reversed(draw.order[1:5])]  # the four tied at 10 reversed
    script.write_text(documented_check(**{**values, "order": repr(swapped)}))
    run = subprocess.run([sys.executable, "check.py"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode != 0


def test_the_seed_is_not_shown_before_the_decision(client, merit, people):
    call, _applications = merit
    client.force_login(people["manager"])
    page = client.get(f"/en/funding/calls/{call.pk}/reviews/")
    seed = Draw.objects.get(call=call).seed
    assert hashlib.sha256(seed.encode()).hexdigest() in page.text
    assert seed not in page.text


def test_the_demo_reviewer_is_in_the_reviewers_group_after_any_number_of_runs(university):
    from funding.demo_reviews import ensure_reviewers  # noqa: PLC0415 - reads the TOML

    for _run in range(2):
        ensure_reviewers(lambda line: None)
    person = User.objects.get(username="reviewer.lnu")
    assert person.groups.filter(name="Reviewers").exists()
    assert person.institution == university and person.check_password(DEMO_PASSWORD)
