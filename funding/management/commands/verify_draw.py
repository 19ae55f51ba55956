import json
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from funding.draw import verify

# How long to wait for a call page's draw.json, and how much of it to read: a record of
# thousands of applications is well under a megabyte.
TIMEOUT_SECONDS = 15
MAX_BYTES = 10 * 1024 * 1024


def is_web_address(source):
    return source.lower().startswith(("http://", "https://"))


def read_url(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (http and https only, checked by is_web_address)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (as above)
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise CommandError(
            _("%(url)s answered %(status)s %(reason)s instead of the draw.")
            % {"url": url, "status": error.code, "reason": error.reason}
        ) from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise CommandError(
            _("Could not read %(url)s: %(reason)s") % {"url": url, "reason": reason}
        ) from error
    if len(data) > MAX_BYTES:
        raise CommandError(_("%(url)s is too large to be a draw record.") % {"url": url})
    return data


def read_file(path):
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(
            _("Could not read the file %(path)s: %(reason)s")
            % {"path": path, "reason": error.strerror or error}
        ) from error
    return data


def parse(data, source):
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CommandError(
            _("%(source)s is not a draw record: it is not text in UTF-8.") % {"source": source}
        ) from error
    except json.JSONDecodeError as error:
        raise CommandError(
            _("%(source)s is not a draw record: it is not JSON (%(reason)s at line %(line)s).")
            % {"source": source, "reason": error.msg, "line": error.lineno}
        ) from error


class Command(BaseCommand):
    help = (
        "Check a funding call's published draw (its draw.json, as a file or an http(s) "
        "address): the seed matches its commitment, the eligible list its hash, and the "
        "order, the awarded and the waiting list are what the seed, the beacon and the "
        "eligible list give. Exits non-zero when it does not check out."
    )
    # It reads only the record, never the database: anyone can run it anywhere.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("source", help="A draw.json file, or its http(s) address.")

    def handle(self, *args, source, **options):
        if is_web_address(source):
            data = read_url(source)
        elif "://" in source:
            raise CommandError(
                _("Only http and https addresses can be read, not %(source)s.") % {"source": source}
            )
        else:
            data = read_file(source)
        record = parse(data, source)
        problems = verify(record)
        if isinstance(record, dict):
            self.summary(record)
        if not problems:
            self.stdout.write(self.style.SUCCESS(_("The draw checks out.")))
            return
        for problem in problems:
            self.stderr.write(problem)
        raise CommandError(_("The draw does not check out."))

    def summary(self, record):
        value = record.get
        write = self.stdout.write
        write(_("Call: %(call)s") % {"call": value("call")})
        write(_("Places: %(places)s") % {"places": value("places")})
        eligible = value("eligible")
        if isinstance(eligible, list):
            write(_("Eligible applications: %(count)s") % {"count": len(eligible)})
        beacon = value("beacon")
        write(_("Beacon: %(beacon)s") % {"beacon": beacon if beacon else _("(none)")})
        if value("drawn_at"):
            write(_("Drawn at: %(drawn_at)s") % {"drawn_at": value("drawn_at")})
        for field, title in (
            ("awarded", _("Awarded, in order:")),
            ("waiting_list", _("Waiting list, in order:")),
        ):
            references = value(field)
            if isinstance(references, list) and references:
                write(title)
                for position, reference in enumerate(references, 1):
                    write(f"  {position}. {reference}")
