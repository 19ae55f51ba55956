"""Every application gets a readable reference, unique, numbered per call code and year."""

import re

import pytest
from django.db import IntegrityError

from funding.models import Application
from funding.services import start_application
from tests.funding.conftest import WHILE_OPEN, municipality

pytestmark = pytest.mark.django_db


def test_references_count_up_per_call_and_are_well_formed(call):
    references = [
        start_application(call, municipality(f"Kommune{n} kommune"), None, now=WHILE_OPEN).reference
        for n in range(12)
    ]
    assert references[0] == "KOMM-2026-0001"
    assert references[-1] == "KOMM-2026-0012"
    assert len(set(references)) == 12
    assert all(re.fullmatch(r"KOMM-2026-\d{4}", reference) for reference in references)


def test_another_call_code_has_its_own_numbers(make_call, call):
    other = make_call(slug="lnu", code="LNUCOIL")
    start_application(call, municipality("A kommune"), None, now=WHILE_OPEN)
    assert (
        start_application(other, municipality("B kommune"), None, now=WHILE_OPEN).reference
        == "LNUCOIL-2026-0001"
    )


def test_the_database_refuses_a_reference_twice(call, bodo):
    first = start_application(call, bodo, None, now=WHILE_OPEN)
    with pytest.raises(IntegrityError):
        Application.objects.create(
            call=call, institution=municipality("C kommune"), reference=first.reference
        )


def test_a_withdrawn_application_keeps_its_reference_and_a_new_one_gets_the_next(call, bodo):
    first = start_application(call, bodo, None, now=WHILE_OPEN)
    first.state = "withdrawn"
    first.save()
    second = start_application(call, bodo, None, now=WHILE_OPEN)
    assert (first.reference, second.reference) == ("KOMM-2026-0001", "KOMM-2026-0002")
