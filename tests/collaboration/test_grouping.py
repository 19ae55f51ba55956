"""form_groups: sizes within one of each other, institutions spread evenly, deterministic."""

import math
from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collaboration.grouping import form_groups


@dataclass(frozen=True)
class Student:
    id: int
    institution_id: int | None


def students_from(institutions):
    return [Student(index, institution) for index, institution in enumerate(institutions)]


rosters = st.lists(st.one_of(st.none(), st.integers(0, 5)), max_size=80).map(students_from)
sizes = st.integers(1, 12)


@given(rosters, sizes)
def test_everyone_is_placed_once(students, size):
    groups = form_groups(students, size)
    placed = [student for group in groups for student in group]
    assert sorted(placed, key=lambda s: s.id) == students


@given(rosters, sizes)
def test_sizes_stay_within_the_chosen_size_and_differ_by_at_most_one(students, size):
    groups = form_groups(students, size)
    assert len(groups) == math.ceil(len(students) / size)
    if groups:
        lengths = [len(group) for group in groups]
        assert max(lengths) <= size
        assert max(lengths) - min(lengths) <= 1
        assert min(lengths) >= 1


@given(rosters, sizes)
def test_each_institution_is_spread_as_evenly_as_possible(students, size):
    groups = form_groups(students, size)
    totals = Counter(student.institution_id for student in students)
    for institution, total in totals.items():
        per_group = [
            sum(1 for student in group if student.institution_id == institution) for group in groups
        ]
        assert max(per_group) - min(per_group) <= 1
        assert set(per_group) <= {total // len(groups), math.ceil(total / len(groups))}


@given(rosters, sizes)
def test_same_input_gives_same_groups(students, size):
    assert form_groups(students, size) == form_groups(list(students), size)


def test_demo_like_roster_gives_mixed_groups():
    oslo, leuven = 1, 2
    students = students_from([oslo, oslo, oslo, leuven, leuven, leuven])
    groups = form_groups(students, 3)
    assert len(groups) == 2
    for group in groups:
        assert {student.institution_id for student in group} == {oslo, leuven}


def test_seven_students_in_groups_of_three():
    groups = form_groups(students_from([1] * 4 + [2] * 2 + [3]), 3)
    assert sorted(len(group) for group in groups) == [2, 2, 3]
    # The four students of institution 1 fill every group before any group gets a second.
    assert sorted(sum(s.institution_id == 1 for s in group) for group in groups) == [1, 1, 2]


def test_no_students_no_groups():
    assert form_groups([], 4) == []


@pytest.mark.parametrize("size", [0, -1, 2.5, True, "3"])
def test_group_size_must_be_a_positive_whole_number(size):
    with pytest.raises(ValueError):
        form_groups(students_from([1, 2]), size)
