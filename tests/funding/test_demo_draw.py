"""The demo call for municipalities comes with a draw that verify_draw confirms."""

import os

import pytest
from django.core.management import call_command, execute_from_command_line

from funding.choices import ApplicationState
from funding.models import Application, CallPage, Draw


def run_verify_draw(path):
    """The command as from a shell (which closes the database connection when it ends)."""
    try:
        execute_from_command_line(["manage.py", "verify_draw", str(path)])
    except SystemExit as exit:
        return exit.code
    return 0


@pytest.mark.django_db
def test_the_demo_draw_of_six_places_checks_out_and_is_made_once(client, tmp_path, capsys):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call = CallPage.objects.get(code="KOMP", locale__language_code="nb")
    seed = Draw.objects.get(call=call).seed
    # Read through the English translation, which publishes the original's draw.
    english = CallPage.objects.get(code="KOMP", locale__language_code="en")
    response = client.get(english.url + "draw.json")
    assert response.status_code == 200
    record = response.json()
    assert len(record["awarded"]) == 6 and record["waiting_list"]
    # The demo's awarded municipalities have accepted their places.
    awarded = Application.objects.filter(call=call, state=ApplicationState.ACCEPTED)
    assert sorted(awarded.values_list("reference", flat=True)) == sorted(record["awarded"])

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Draw.objects.get(call=call).seed == seed
    assert client.get(english.url + "draw.json").json() == record

    path = tmp_path / "draw.json"
    path.write_bytes(response.content)
    capsys.readouterr()
    assert run_verify_draw(path) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "The draw checks out."
