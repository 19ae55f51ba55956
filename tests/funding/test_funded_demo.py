"""The demo's funded projects: the COIL fund's twelve and the agency's six municipalities."""

import os
import re

import pytest
from django.core.management import call_command

from accounts.models import Institution
from funding.models import Application, CallPage
from practices.models import GoodPracticePage


def seed():
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def main(text):
    return text.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.django_db
def test_the_demo_lists_the_funded_projects_once(client):
    seed()
    lnu = Institution.objects.get(short_name="LNU")
    page = client.get(f"/sv/funding/funders/{lnu.pk}/funded/")
    assert page.status_code == 200
    overall = re.search(r'class="funded-totals" data-count="(\d+)">(.*?)</p>', page.text)
    # Twelve projects over the two calls, just under SEK 1 000 000, each up to SEK 100 000.
    assert overall.group(1) == "12"
    assert re.search(r'data-currency="SEK">SEK 985\xa0000<', overall.group(2))
    for call in CallPage.objects.filter(code__startswith="LNUCOIL", locale__language_code="sv"):
        assert f'href="{call.url}"' in page.text
        listed = client.get(call.url + "funded/")
        assert 'data-count="6"' in listed.text
    amounts = Application.objects.filter(call__funder=lnu).values_list("granted_amount", flat=True)
    assert len(amounts) == 12 and max(amounts) <= 100000
    # One project's module and its good-practice example are linked, with the partners.
    assert "Sustainability cases across the Atlantic" in page.text
    example = GoodPracticePage.objects.get(
        slug="linnaeus-funded-coil-module", locale__language_code="sv"
    )
    assert f'href="{example.url}"' in page.text
    assert "Universidad de Guadalajara" in page.text

    komp = CallPage.objects.get(code="KOMP", locale__language_code="nb")
    listed = client.get(komp.url + "funded/")
    assert 'data-count="6"' in listed.text
    # The draw's seed is chosen afresh, so which six differs; they are the accepted ones.
    for accepted in Application.objects.filter(call=komp, state="accepted"):
        assert accepted.institution.name in listed.text
    assert listed.text.count("NOK 50\xa0000") == 6

    seed()
    assert Application.objects.filter(call__funder=lnu).count() == 12
    again = client.get(f"/sv/funding/funders/{lnu.pk}/funded/")
    assert main(again.text) == main(page.text)
