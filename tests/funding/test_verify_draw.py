"""`manage.py verify_draw <file or URL>`: what someone checking a published draw sees."""

import functools
import json
import socket
import threading
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from funding.draw import draw_record
from funding.management.commands import verify_draw

SEED = "0123456789abcdef" * 4
REFERENCES = [f"HKDIR-2026-{number:04}" for number in range(1, 13)]


def published(places=6, drawn=True):
    drawn_at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC) if drawn else None
    return draw_record("HKDIR-2026", places, SEED, "drand 1234567", REFERENCES, drawn_at)


@pytest.fixture
def write(tmp_path):
    def write(record, name="draw.json"):
        path = tmp_path / name
        path.write_text(record if isinstance(record, str) else json.dumps(record))
        return path

    return write


def run(source):
    """Run the command as from a shell: its output, its error output and its exit status."""
    try:
        execute_from_command_line(["manage.py", "verify_draw", str(source)])
    except SystemExit as exit:
        return exit.code
    return 0


def test_a_good_record_checks_out_and_lists_the_awarded_in_order(write, capsys):
    record = published()
    assert run(write(record)) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert "Call: HKDIR-2026" in lines
    assert "Places: 6" in lines
    assert "Eligible applications: 12" in lines
    assert "Beacon: drand 1234567" in lines
    awarded_at = lines.index("Awarded, in order:")
    assert lines[awarded_at + 1 : awarded_at + 7] == [
        f"  {position}. {reference}" for position, reference in enumerate(record["awarded"], 1)
    ]
    waiting_at = lines.index("Waiting list, in order:")
    assert lines[waiting_at + 1] == f"  1. {record['waiting_list'][0]}"
    assert lines[-1] == "The draw checks out."
    assert err == ""


def test_a_tampered_record_exits_non_zero_and_names_the_problem(write, capsys):
    record = published()
    # Someone moves the first on the waiting list into the last place.
    first_waiting = record["waiting_list"].pop(0)
    record["awarded"][-1] = first_waiting
    assert run(write(record)) == 1
    out, err = capsys.readouterr()
    assert "“awarded” is not the first 6 of “order”." in err
    assert "“waiting_list” is not the rest of “order” after the first 6." in err
    assert "The draw does not check out." in err
    assert "The draw checks out." not in out


def test_a_changed_seed_is_reported(write, capsys):
    record = published()
    record["seed"] = "f" + record["seed"][1:]
    with pytest.raises(CommandError, match="does not check out"):
        call_command("verify_draw", str(write(record)))
    err = capsys.readouterr().err
    assert "The seed does not match “seed_commitment”" in err
    assert "“order” is not the order the seed, the beacon and the eligible list give" in err


def test_a_record_before_the_draw_cannot_be_checked_yet(write, capsys):
    assert run(write(published(drawn=False))) == 1
    out, err = capsys.readouterr()
    assert "Eligible applications: 12" in out
    assert "The draw has not been made yet: the seed is not revealed." in err


def test_a_record_of_the_wrong_shape_is_explained(write, capsys):
    record = published()
    del record["eligible_hash"]
    record["places"] = "six"
    assert run(write(record)) == 1
    assert "The record lacks the field “eligible_hash”." in capsys.readouterr().err
    assert run(write("[1, 2, 3]")) == 1
    assert "not a JSON object" in capsys.readouterr().err


def test_a_file_that_is_not_json_gives_a_clear_error(write, capsys):
    path = write("<html><body>Not found</body></html>")
    assert run(path) == 1
    err = capsys.readouterr().err
    assert f"{path} is not a draw record: it is not JSON" in err
    assert "Traceback" not in err


def test_a_missing_file_gives_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "nowhere.json"
    assert run(missing) == 1
    err = capsys.readouterr().err
    assert f"Could not read the file {missing}: No such file or directory" in err


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def web_server(tmp_path):
    """A real HTTP server on a free local port, serving tmp_path."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_record_at_a_web_address_is_read_and_checked(write, web_server, capsys):
    write(published(), name="draw.json")
    assert run(f"{web_server}/draw.json") == 0
    out = capsys.readouterr().out
    assert "Eligible applications: 12" in out
    assert out.splitlines()[-1] == "The draw checks out."


def test_a_tampered_record_at_a_web_address_fails(write, web_server, capsys):
    record = published()
    record["order"].reverse()
    write(record, name="draw.json")
    assert run(f"{web_server}/draw.json") == 1
    assert "“order” is not the order" in capsys.readouterr().err


def test_a_web_address_that_answers_an_error_is_reported(web_server, capsys):
    assert run(f"{web_server}/no-such-call/draw.json") == 1
    err = capsys.readouterr().err
    assert f"{web_server}/no-such-call/draw.json answered 404" in err


def test_an_unreachable_web_address_gives_a_clear_error(capsys):
    # A port that was free a moment ago and that nothing listens on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/draw.json"
    assert run(url) == 1
    err = capsys.readouterr().err
    assert f"Could not read {url}:" in err
    assert "Traceback" not in err


def test_a_web_address_that_does_not_answer_in_time_gives_a_clear_error(monkeypatch, capsys):
    monkeypatch.setattr(verify_draw, "TIMEOUT_SECONDS", 0.2)
    # The kernel accepts the connection into the backlog; nobody ever answers it.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/draw.json"
        assert run(url) == 1
    err = capsys.readouterr().err
    assert f"Could not read {url}: timed out" in err


def test_only_web_addresses_and_files_are_read(capsys):
    assert run("ftp://example.org/draw.json") == 1
    err = capsys.readouterr().err
    assert "Only http and https addresses can be read, not ftp://example.org/draw.json." in err
