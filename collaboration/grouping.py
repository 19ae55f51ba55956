"""Forming mixed cross-campus groups."""

import math
from collections import defaultdict
from operator import attrgetter


def form_groups(students, group_size, institution_of=attrgetter("institution_id")):
    """Split `students` into mixed groups of at most `group_size`.

    - the number of groups is the smallest that keeps every group within `group_size`,
      and group sizes differ by at most one;
    - each institution's students are spread as evenly as possible: every group gets
      either the floor or the ceiling of (that institution's students / groups);
    - the result depends only on the input (same students in the same order, same groups).

    Students are dealt round-robin, the largest institution first, so that consecutive
    students of one institution land in different groups.
    """
    if isinstance(group_size, bool) or not isinstance(group_size, int) or group_size < 1:
        raise ValueError("group_size must be a positive whole number")
    students = list(students)
    if not students:
        return []
    group_count = math.ceil(len(students) / group_size)

    by_institution = defaultdict(list)
    for student in students:
        by_institution[institution_of(student)].append(student)
    # Largest institution first; ties by first appearance, which keeps the result stable.
    order = sorted(by_institution, key=lambda key: -len(by_institution[key]))

    groups = [[] for _ in range(group_count)]
    position = 0
    for key in order:
        for student in by_institution[key]:
            groups[position % group_count].append(student)
            position += 1
    return groups
