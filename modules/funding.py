"""The Erasmus+ blended intensive programme (BIP) funding checklist of a module."""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .choices import Mode


@dataclass(frozen=True)
class FundingCheck:
    """One rule of the Erasmus+ blended intensive programme funding, met or not."""

    ok: bool
    rule: str
    detail: str


# Erasmus+ blended intensive programmes (programme guide): who and how long.
BIP_MIN_INSTITUTIONS = 3
BIP_MIN_COUNTRIES = 3
BIP_PHYSICAL_DAYS = (5, 30)
BIP_MIN_CREDITS = 3


def funding_checklist(module, partners=None):
    """The Erasmus+ BIP funding rules and whether `module` meets them.

    Only blended intensive programmes have a checklist. These are warnings about
    funding, not errors: some BIPs run with two partners and other money. `partners`,
    when given, are the module's partner institutions (saves a query).
    """
    if module.mode != Mode.BIP:
        return []
    partners = list(module.partners.all()) if partners is None else list(partners)
    countries = {str(p.country) for p in partners}
    partner_count = ngettext("%(count)d institution", "%(count)d institutions", len(partners)) % {
        "count": len(partners)
    }
    country_count = ngettext("%(count)d country", "%(count)d countries", len(countries)) % {
        "count": len(countries)
    }
    checks = [
        FundingCheck(
            ok=len(partners) >= BIP_MIN_INSTITUTIONS and len(countries) >= BIP_MIN_COUNTRIES,
            rule=_("At least three higher education institutions from three countries"),
            detail=_("Now: %(institutions)s from %(countries)s.")
            % {"institutions": partner_count, "countries": country_count},
        )
    ]
    if module.physical_start and module.physical_end:
        days = (module.physical_end - module.physical_start).days + 1
        low, high = BIP_PHYSICAL_DAYS
        checks.append(
            FundingCheck(
                ok=low <= days <= high,
                rule=_("A physical part of 5 to 30 days"),
                detail=ngettext("Now: %(days)d day.", "Now: %(days)d days.", days) % {"days": days},
            )
        )
    else:
        checks.append(
            FundingCheck(
                ok=False,
                rule=_("A physical part of 5 to 30 days"),
                detail=_("The dates of the physical part are not set yet."),
            )
        )
    credits = module.credits
    checks.append(
        FundingCheck(
            ok=credits is not None and credits >= BIP_MIN_CREDITS,
            rule=_("At least 3 ECTS credits for the students"),
            detail=(
                _("Now: %(credits)s ECTS.") % {"credits": floatformat(credits, -1)}
                if credits is not None
                else _("No credits are given yet.")
            ),
        )
    )
    return checks
