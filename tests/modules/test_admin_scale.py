"""A teacher who co-authors hundreds of modules still has a working admin."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Sector
from modules.coauthors import sync_coauthor_rights
from modules.models import CourseModulePage, ModuleTeacher

pytestmark = pytest.mark.django_db

MODULES = 500
# What the busiest of these views needs for a full page of 50 rows (Wagtail's own per-row
# checks included); the point is that it does not depend on the number of modules.
MAX_QUERIES = 200


def add_modules(index, count, teachers, start=0):
    """`count` published modules, each listing `teachers` ((user, is_lead) pairs)."""
    for n in range(start, start + count):
        page = CourseModulePage(
            title=f"Shared module {n}",
            slug=f"shared-module-{n}",
            summary="Made together.",
            sector=Sector.HIGHER,
            start_date=datetime.date(2027, 2, 1),
            end_date=datetime.date(2027, 3, 1),
            live=True,
            first_published_at=timezone.now(),
            owner=teachers[0][0],
        )
        page.teachers = [
            ModuleTeacher(user=user, institution=user.institution, is_lead=lead)
            for user, lead in teachers
        ]
        index.add_child(instance=page)
        page.partners.set({user.institution for user, _lead in teachers})
        sync_coauthor_rights(page)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


def admin_urls(index):
    return [
        "/admin/",
        f"/admin/pages/{index.pk}/",
        "/admin/pages/search/?q=shared",
        f"/admin/pages/{index.pk}/?q=shared",
        f"/admin/choose-page/{index.pk}/",
    ]


def test_explorer_and_search_answer_with_many_coauthored_modules(client, module_index, teachers):
    team = [(teachers["oslo"], True), (teachers["leuven"], True)]
    # More than one page of the listing (50 rows), so each view shows as many rows as later.
    add_modules(module_index, 60, team)
    client.force_login(teachers["oslo"])
    baseline = {url: queries(client, url)[0] for url in admin_urls(module_index)}

    add_modules(module_index, MODULES - 60, team, start=60)
    for url in admin_urls(module_index):
        count, response = queries(client, url)
        # No more queries than with 60 modules: rights cost nothing per module.
        assert count <= baseline[url], (url, baseline[url], count)
        assert count <= MAX_QUERIES, (url, count)
        if url != "/admin/":
            assert "Shared module" in response.content.decode(), url


def test_rights_on_every_module_and_no_other(client, module_index, teachers, make_module, partners):
    add_modules(module_index, MODULES, [(teachers["oslo"], True), (teachers["leuven"], True)])
    other = make_module(
        title="Not theirs",
        partner_list=[partners["kolkata"], partners["bergen"]],
        teacher_list=[(teachers["kolkata"], True), (teachers["outsider"], True)],
    )
    client.force_login(teachers["leuven"])
    last = CourseModulePage.objects.get(slug=f"shared-module-{MODULES - 1}")
    assert client.get(f"/admin/pages/{last.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)
