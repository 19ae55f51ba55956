"""The standard-library script of docs/funding.md checks a real draw and catches a forgery."""

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from funding import allocation
from funding.services import start_application, submit_application
from tests.factories import UserFactory
from tests.funding.conftest import WHILE_OPEN, municipality
from tests.funding.helpers import complete

DOCS = Path(__file__).resolve().parents[2] / "docs" / "funding.md"


def script():
    section = DOCS.read_text().split("## The draw and how to check it", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


@pytest.mark.django_db
def test_the_documented_script_checks_a_draw_and_refuses_a_changed_one(call, tmp_path):
    assert len([line for line in script().splitlines() if line.strip()]) == 14
    for town in ["Alta", "Bodø", "Harstad", "Molde", "Narvik", "Tromsø", "Vadsø", "Hamar"]:
        application = complete(
            start_application(call, municipality(f"{town} kommune"), None, now=WHILE_OPEN)
        )
        submit_application(application, None, now=WHILE_OPEN)
    manager = UserFactory(username="manager", is_superuser=True)
    after = call.deadline + datetime.timedelta(days=1)
    allocation.freeze_eligible(call, manager, now=after)
    allocation.run_draw(call, manager, now=after)
    record = allocation.record_of(call)
    (tmp_path / "check.py").write_text(script())
    good = tmp_path / "draw.json"
    good.write_text(json.dumps(record))
    run = subprocess.run(
        [sys.executable, "check.py", "draw.json"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("The draw checks out: " + record["awarded"][0])
    record["awarded"], record["waiting_list"][0] = (
        [record["waiting_list"][0], *record["awarded"][1:]],
        record["awarded"][0],
    )
    good.write_text(json.dumps(record))
    forged = subprocess.run(
        [sys.executable, "check.py", "draw.json"], cwd=tmp_path, capture_output=True, text=True
    )
    assert forged.returncode != 0
