"""Partner approval covers every field of a module, including fields added later.

The approvable content of a revision is derived from the revision itself: everything but
Wagtail's bookkeeping. These tests fail when a field of the module is excluded by mistake,
when the exclusion lists name things that are not bookkeeping, and when the facts copied
to translations leave a field of the module out.
"""

from types import SimpleNamespace

from wagtail.models import Page

from modules.models import CourseModulePage
from modules.models.approval import (
    BOOKKEEPING_FIELDS,
    ROW_BOOKKEEPING_FIELDS,
    content_fingerprint,
)
from modules.translations import TRANSLATED_FIELDS, language_neutral_fields

CONTENT = {
    "pk": 7,
    "path": "000100010002",
    "draft_title": "Outdoor play",
    "latest_revision": 12,
    "live": True,
    "title": "Outdoor play",
    "summary": "Children play outside in Oslo and Leuven.",
    "start_date": "2027-02-01",
    "credits": "5.0",
    "body": '[{"type": "icebreaker", "value": {"week": 1}}]',
    "partners": [3, 1],
    "working_languages": [2],
    "teachers": [
        {"pk": 40, "page": 7, "sort_order": 0, "user": 5, "institution": 1, "is_lead": True},
        {"pk": 41, "page": 7, "sort_order": 1, "user": 6, "institution": 3, "is_lead": True},
    ],
    "sessions": [
        {"pk": 50, "page": 7, "sort_order": 0, "title": "Kick-off", "starts_at": "2027-02-02"},
        {"pk": 51, "page": 7, "sort_order": 1, "title": "Wrap-up", "starts_at": "2027-03-02"},
    ],
    "tagged_items": [{"pk": 60, "tag": 1, "content_object": 7}],
}


def fingerprint(content):
    return content_fingerprint(SimpleNamespace(content=content))


def test_every_content_field_changes_the_fingerprint():
    for key, value in CONTENT.items():
        if key in BOOKKEEPING_FIELDS:
            continue
        changed = {**CONTENT, key: [*value, 9] if isinstance(value, list) else f"{value}!"}
        assert fingerprint(changed) != fingerprint(CONTENT), key


def test_a_field_added_to_the_module_later_is_content_without_being_named():
    assert fingerprint({**CONTENT, "new_field": "a"}) != fingerprint({**CONTENT, "new_field": "b"})


def test_bookkeeping_and_row_bookkeeping_do_not_change_it():
    resaved = {
        **CONTENT,
        "pk": 8,
        "latest_revision": 13,
        "draft_title": "x",
        "live": False,
        "teachers": [
            {**row, "pk": row["pk"] + 100, "sort_order": 1 - row["sort_order"]}
            for row in reversed(CONTENT["teachers"])
        ],
        "partners": [1, 3],
    }
    assert fingerprint(resaved) == fingerprint(CONTENT)


def test_the_order_of_sessions_is_content():
    swapped = {**CONTENT, "sessions": list(reversed(CONTENT["sessions"]))}
    assert fingerprint(swapped) != fingerprint(CONTENT)


def test_only_wagtail_s_bookkeeping_is_left_out():
    page_fields = {field.name for field in Page._meta.get_fields()}
    module_fields = {field.name for field in CourseModulePage._meta.get_fields()}
    assert BOOKKEEPING_FIELDS <= page_fields | {"pk", "page_ptr"}
    # Of the page's own content fields and rows, nothing is left out.
    content_of_pages = {"title", "slug", "seo_title", "search_description", "show_in_menus"}
    assert not BOOKKEEPING_FIELDS & content_of_pages
    own = {field.name for field in CourseModulePage._meta.local_concrete_fields}
    assert BOOKKEEPING_FIELDS & own == {"page_ptr"}
    assert {"teachers", "sessions", "partners", "working_languages"} <= module_fields
    assert ROW_BOOKKEEPING_FIELDS == {"pk", "id", "page", "content_object", "sort_order"}


def test_translations_copy_every_field_of_the_module_that_holds_no_words():
    own = [field.name for field in CourseModulePage._meta.local_concrete_fields]
    assert TRANSLATED_FIELDS <= set(own)
    assert language_neutral_fields() == [name for name in own if name not in TRANSLATED_FIELDS]
    assert {"mode", "start_date", "invitation_code", "enrolment_state"} <= set(
        language_neutral_fields()
    )
