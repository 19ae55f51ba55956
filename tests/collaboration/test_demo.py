import pytest
from django.test import Client

from accounts.demo import seed as seed_accounts
from accounts.models import Institution, User
from collaboration.demo import MODULE_TITLE
from collaboration.demo import seed as seed_collaboration
from collaboration.models import Enrolment, GroupMembership, Message, Space
from modules.models import ModuleTeacher
from tests.factories import CourseModulePageFactory, ModuleIndexPageFactory


@pytest.fixture
def demo(home_pages):
    seed_accounts(print)

    index = ModuleIndexPageFactory(parent=home_pages["en"])
    module = CourseModulePageFactory(parent=index, title=MODULE_TITLE)
    module.partners.set(Institution.objects.filter(short_name__in=["OsloMet", "UCLL"]))
    module.save()
    for username in ["teacher.oslo", "teacher.leuven"]:
        user = User.objects.get(username=username)
        ModuleTeacher.objects.create(page=module, user=user, institution=user.institution)
    return module


@pytest.mark.django_db
def test_demo_seed_is_idempotent(demo):
    log = []
    seed_collaboration(log.append)
    counts = (Enrolment.objects.count(), GroupMembership.objects.count(), Message.objects.count())
    seed_collaboration(log.append)
    assert counts == (
        Enrolment.objects.count(),
        GroupMembership.objects.count(),
        Message.objects.count(),
    )
    assert counts[0] == 6 and counts[1] == 6 and counts[2] >= 12
    assert "0 new messages" in log[-1]
    for space in Space.objects.filter(module=demo):
        assert space.messages.exists(), space
    for group_space in Space.objects.filter(module=demo, kind="group"):
        institutions = {m.institution.short_name for m in group_space.group.members.all()}
        assert institutions == {"OsloMet", "UCLL"}


@pytest.mark.django_db
def test_kolkata_student_reads_nothing(demo):
    seed_collaboration(print)
    client = Client()
    assert client.login(username="student.kolkata1", password="coil-demo-2026")
    assert client.get("/api/me/spaces/").json() == []
    for space in Space.objects.filter(module=demo):
        assert client.get(f"/en/spaces/{space.pk}/").status_code == 403
        assert client.get(f"/api/spaces/{space.pk}/messages/").status_code == 403


@pytest.mark.django_db
def test_without_the_module_seeding_is_skipped(home_pages):
    log = []
    seed_collaboration(log.append)
    assert "skipped" in log[0]
    assert not Enrolment.objects.exists()
