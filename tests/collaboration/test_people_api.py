"""GET /api/spaces/<id>/people/: the people of a space the composer offers after "@"."""

import pytest

from tests.collaboration.conftest import logged_in
from tests.factories import UserFactory


def people(world, asker, space, query=""):
    return logged_in(world[asker]).get(f"/api/spaces/{space.pk}/people/", {"q": query})


def test_a_student_gets_the_people_of_their_group_by_name_and_nothing_else(world):
    response = people(world, "a_oslo", world.group_a)
    assert response.status_code == 200
    usernames = [person["username"] for person in response.json()]
    # The group's other student and the module's teachers; not the asker, not other groups.
    assert sorted(usernames) == ["student.a.leuven", "teacher.leuven", "teacher.oslo"]
    assert all(set(person) == {"username", "name"} for person in response.json())
    assert {"username": "student.a.leuven", "name": world["a_leuven"].name} in response.json()


def test_the_query_matches_names_and_usernames(world):
    assert [p["username"] for p in people(world, "a_oslo", world.plaza, "leu").json()] == [
        "student.a.leuven",
        "student.b.leuven",
        "teacher.leuven",
    ]
    assert [p["username"] for p in people(world, "a_oslo", world.plaza, "B Leu").json()] == [
        "student.b.leuven"
    ]


def test_at_most_ten_people_come_back(world):
    for number in range(12):
        student = UserFactory(username=f"student.extra{number}")
        world.module.enrolments.create(student=student)
    assert len(people(world, "a_oslo", world.plaza, "student").json()) == 10


@pytest.mark.parametrize("asker", ["outsider", "b_oslo", "coordinator", "other_teacher"])
def test_people_who_may_not_read_the_space_may_not_ask(world, asker):
    response = people(world, asker, world.group_a)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_signed_out_is_401(world, client):
    assert client.get(f"/api/spaces/{world.plaza.pk}/people/").status_code == 401
