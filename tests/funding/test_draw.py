"""The verifiable draw: anyone holding draw.json can recompute it and catch a changed one."""

import copy
import hashlib
import hmac
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from funding import draw

SEED = "0123456789abcdef" * 4
BEACON = "drand 1234567"
REFERENCES = [
    "HKDIR-2026-0003",
    "HKDIR-2026-0001",
    "HKDIR-2026-0010",
    "HKDIR-2026-0002",
    "HKDIR-2026-0007",
    "HKDIR-2026-0012",
    "ÅL-2026-0001",
    "HKDIR-2026-0011",
]
DRAWN_AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)

# Computed by hand outside the project, with hashlib and hmac in a scratch script and
# checked again with sha256sum and `openssl dgst -sha256 -mac HMAC` for the first rank key.
KNOWN_COMMITMENT = "a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e"
KNOWN_ELIGIBLE_HASH = "152f5204fa19350c22d8dde45dcf07e3912e0047347068dad19d3fe94005d2f2"
KNOWN_ORDER = [
    "HKDIR-2026-0012",
    "HKDIR-2026-0002",
    "ÅL-2026-0001",
    "HKDIR-2026-0001",
    "HKDIR-2026-0003",
    "HKDIR-2026-0007",
    "HKDIR-2026-0010",
    "HKDIR-2026-0011",
]


def drawn_record(places=3, seed=SEED, beacon=BEACON, references=REFERENCES):
    """The record as the call page publishes it: through JSON, as an outsider reads it."""
    record = draw.draw_record("HKDIR-2026", places, seed, beacon, references, DRAWN_AT)
    return json.loads(json.dumps(record))


def recompute_independently(record):
    """The published algorithm (docs/funding.md) written again, with hashlib and hmac only."""
    eligible = record["eligible"]
    digest = hashlib.sha256("\n".join(eligible).encode("utf-8")).hexdigest()
    key = hashlib.sha256(f"{record['seed']}:{record['beacon']}:{digest}".encode()).digest()

    def rank(reference):
        return hmac.new(key, reference.encode("utf-8"), hashlib.sha256).hexdigest()

    return {
        "commitment_ok": hashlib.sha256(record["seed"].encode()).hexdigest()
        == record["seed_commitment"],
        "hash_ok": digest == record["eligible_hash"],
        "order": sorted(eligible, key=rank),
    }


def test_the_published_record_recomputed_independently_gives_the_same_order():
    record = drawn_record()
    independent = recompute_independently(record)
    assert independent["commitment_ok"]
    assert independent["hash_ok"]
    assert record["order"] == independent["order"]
    assert record["awarded"] == independent["order"][:3]
    assert record["waiting_list"] == independent["order"][3:]


def test_known_answer():
    assert draw.commitment(SEED) == KNOWN_COMMITMENT
    assert draw.eligible_hash(REFERENCES) == KNOWN_ELIGIBLE_HASH
    assert draw.order(SEED, BEACON, REFERENCES) == KNOWN_ORDER
    key = draw.draw_key(SEED, BEACON, KNOWN_ELIGIBLE_HASH)
    assert len(key) == 32
    assert draw.rank_key(key, "HKDIR-2026-0012") == (
        "28141c7128e41fe53bd77369b6226ce1e466a1b7732022b03b6310ff4a9fd882"
    )


def test_the_record_has_exactly_the_fields_of_draw_json():
    record = drawn_record(places=6)
    assert record == {
        "call": "HKDIR-2026",
        "places": 6,
        "seed_commitment": KNOWN_COMMITMENT,
        "beacon": BEACON,
        "seed": SEED,
        "eligible": sorted(REFERENCES),
        "eligible_hash": KNOWN_ELIGIBLE_HASH,
        "order": KNOWN_ORDER,
        "awarded": KNOWN_ORDER[:6],
        "waiting_list": KNOWN_ORDER[6:],
        "drawn_at": "2026-11-02T09:30:00Z",
    }
    assert draw.verify(record) == []


def test_drawn_at_is_written_in_utc():
    oslo_winter = timezone(timedelta(hours=1))
    record = draw.draw_record(
        "C", 1, SEED, "", REFERENCES, datetime(2026, 11, 2, 10, 30, tzinfo=oslo_winter)
    )
    assert record["drawn_at"] == "2026-11-02T09:30:00Z"
    with pytest.raises(ValueError):
        draw.draw_record("C", 1, SEED, "", REFERENCES, datetime(2026, 11, 2, 10, 30))


def test_before_the_draw_the_seed_stays_hidden_and_verify_says_so():
    record = draw.draw_record("HKDIR-2026", 6, SEED, BEACON, REFERENCES, None)
    assert record["seed"] is None
    assert SEED not in json.dumps(record)
    assert record["seed_commitment"] == KNOWN_COMMITMENT
    assert record["eligible"] == sorted(REFERENCES)
    assert record["order"] == record["awarded"] == record["waiting_list"] == []
    assert record["drawn_at"] is None
    problems = draw.verify(record)
    assert len(problems) == 1
    assert "not been made yet" in problems[0]


def test_while_open_the_list_is_not_frozen_yet():
    record = draw.draw_record("HKDIR-2026", 6, SEED, "", None, None)
    assert record["eligible"] == []
    assert record["eligible_hash"] is None
    assert record["seed"] is None
    assert "not been made yet" in draw.verify(record)[0]


def test_the_order_does_not_depend_on_how_the_references_are_given():
    assert draw.order(SEED, BEACON, list(reversed(REFERENCES))) == KNOWN_ORDER


@pytest.mark.parametrize(
    "change",
    [
        {"references": [*REFERENCES[:-1], "HKDIR-2026-0013"]},
        {"references": REFERENCES[:-1]},
        {"beacon": "drand 1234568"},
        {"beacon": ""},
        {"seed": "1" + SEED[1:]},
    ],
    ids=["one reference changed", "one reference fewer", "beacon", "no beacon", "seed"],
)
def test_changing_any_input_changes_the_order(change):
    inputs = {"seed": SEED, "beacon": BEACON, "references": REFERENCES} | change
    changed = draw.order(**inputs)
    common = [reference for reference in changed if reference in KNOWN_ORDER]
    assert common != [reference for reference in KNOWN_ORDER if reference in changed]


def test_new_seeds_are_64_hex_characters_and_differ():
    seeds = {draw.new_seed() for _ in range(20)}
    assert len(seeds) == 20
    assert all(re.fullmatch(r"[0-9a-f]{64}", seed) for seed in seeds)


def test_more_places_than_applications_awards_all():
    record = drawn_record(places=20)
    assert record["awarded"] == KNOWN_ORDER
    assert record["waiting_list"] == []
    assert draw.verify(record) == []


def tampered(**changes):
    record = drawn_record()
    record.update(changes)
    return record


def only_problem(record):
    problems = draw.verify(record)
    assert len(problems) == 1, problems
    return problems[0]


def test_verify_catches_a_tampered_order():
    order = drawn_record()["order"]
    order[0], order[1] = order[1], order[0]
    problems = draw.verify(tampered(order=order, awarded=order[:3], waiting_list=order[3:]))
    assert len(problems) == 1
    assert "at place 1 it has HKDIR-2026-0002" in problems[0]
    assert "recomputed order has HKDIR-2026-0012" in problems[0]


def test_verify_catches_an_order_that_drops_an_application():
    order = drawn_record()["order"][:-1]
    problems = draw.verify(tampered(order=order, waiting_list=order[3:]))
    assert "lists 7 references, “eligible” has 8" in problems[0]


def test_verify_catches_a_seed_that_does_not_match_the_commitment():
    record = tampered(seed_commitment=draw.commitment("f" * 64))
    assert "does not match “seed_commitment”" in only_problem(record)


def test_verify_catches_another_seed_revealed_than_the_one_committed():
    # A seed chosen after the fact gives another order; the commitment exposes it.
    other = drawn_record(seed="f" * 64)
    record = tampered(
        seed=other["seed"],
        order=other["order"],
        awarded=other["awarded"],
        waiting_list=other["waiting_list"],
    )
    assert "does not match “seed_commitment”" in only_problem(record)


def test_verify_catches_an_unsorted_eligible_list():
    record = tampered(eligible=list(reversed(drawn_record()["eligible"])))
    assert only_problem(record) == "“eligible” is not sorted as strings."


def test_verify_catches_an_eligible_list_changed_after_the_hash():
    eligible = sorted([*REFERENCES[:-1], "HKDIR-2026-0013"])
    problems = draw.verify(tampered(eligible=eligible))
    assert any("“eligible_hash” does not match the eligible list" in p for p in problems)
    assert any("“order” does not hold exactly the eligible references" in p for p in problems)


def test_verify_catches_a_wrong_eligible_hash():
    record = tampered(eligible_hash="0" * 64)
    assert "“eligible_hash” does not match" in only_problem(record)


def test_verify_catches_a_reference_listed_twice():
    record = drawn_record()
    record["eligible"] = sorted([*record["eligible"], "HKDIR-2026-0001"])
    problems = draw.verify(record)
    assert any("more than once: HKDIR-2026-0001" in problem for problem in problems)


def test_verify_catches_a_wrong_split_between_awarded_and_waiting():
    record = drawn_record()
    order = record["order"]
    problems = draw.verify(tampered(awarded=order[:4], waiting_list=order[4:]))
    assert problems == [
        "“awarded” is not the first 3 of “order”.",
        "“waiting_list” is not the rest of “order” after the first 3.",
    ]
    swapped = tampered(awarded=[order[0], order[3], order[2]])
    assert only_problem(swapped) == "“awarded” is not the first 3 of “order”."


def test_verify_catches_a_different_places_count():
    assert "first 4 of “order”" in draw.verify(tampered(places=4))[0]


def without(field):
    record = drawn_record()
    del record[field]
    return record


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ([], "not a JSON object"),
        ("draw", "not a JSON object"),
        (without("seed_commitment"), "lacks the field “seed_commitment”"),
        (without("waiting_list"), "lacks the field “waiting_list”"),
        (tampered(call=7), "“call” must be a text"),
        (tampered(places="6"), "“places” must be a whole number"),
        (tampered(places=True), "“places” must be a whole number"),
        (tampered(places=-1), "“places” must be a whole number"),
        (tampered(places=3.0), "“places” must be a whole number"),
        (tampered(seed="abc"), "“seed” must be null or 64 lowercase hexadecimal"),
        (tampered(seed=SEED.upper()), "“seed” must be null or 64 lowercase hexadecimal"),
        (tampered(seed_commitment=None), "“seed_commitment” must be 64 lowercase"),
        (tampered(eligible_hash=12), "“eligible_hash” must be null or 64"),
        (tampered(beacon=None), "“beacon” must be a text"),
        (tampered(eligible="HKDIR-2026-0001"), "“eligible” must be a list of references"),
        (tampered(order=[1, 2, 3]), "“order” must be a list of references"),
        (tampered(awarded=None), "“awarded” must be a list of references"),
        (tampered(drawn_at="yesterday"), "“drawn_at” must be null or a date and time"),
        (tampered(drawn_at=5), "“drawn_at” must be null or a date and time"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_verify_explains_a_record_of_the_wrong_shape(record, expected):
    problems = draw.verify(record)
    assert problems
    assert any(expected in problem for problem in problems), problems


def test_a_drawn_record_needs_its_eligible_hash():
    assert "“eligible_hash” does not match" in only_problem(tampered(eligible_hash=None))


def test_verify_leaves_the_record_unchanged():
    record = drawn_record()
    before = copy.deepcopy(record)
    draw.verify(record)
    assert record == before


@pytest.mark.parametrize("places", [-1, 1.5, True, "3"])
def test_draw_record_refuses_a_wrong_number_of_places(places):
    with pytest.raises(ValueError):
        draw.draw_record("C", places, SEED, "", REFERENCES, DRAWN_AT)


@pytest.mark.parametrize("seed", ["", "abc", SEED.upper(), SEED + "0", None])
def test_draw_record_refuses_a_seed_that_is_not_64_hex_characters(seed):
    with pytest.raises(ValueError):
        draw.draw_record("C", 1, seed, "", REFERENCES, DRAWN_AT)


def test_a_draw_needs_the_frozen_list():
    with pytest.raises(ValueError):
        draw.draw_record("C", 1, SEED, "", None, DRAWN_AT)
