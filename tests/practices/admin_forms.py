"""Filling in the Wagtail page editor the way a person would: start from the real form."""

from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)


def add_example_url(index):
    return f"/admin/pages/add/practices/goodpracticepage/{index.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def example_form(client, url, *, tips=(), what_worked="", **fields):
    """The editor's form at `url` as the browser would post it, with `fields` changed.

    Stream fields are drawn by JavaScript, so their inputs are added here. A list value
    sets a multiple choice (an empty list chooses nothing).
    """
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # A multiple select with nothing chosen is read as its first option; choose nothing.
    for name in ("institutions", "extra_countries"):
        data.setlist(name, [])
    streams = nested_form_data(
        {
            "tips": streamfield([("tip", tip) for tip in tips]),
            "images": streamfield([]),
        }
    )
    for key, value in streams.items():
        data[key] = value
    data["what_worked"] = rich_text(what_worked)
    for key, value in fields.items():
        if isinstance(value, list | tuple):
            data.setlist(key, [str(item) for item in value])
        else:
            data[key] = value
    # The test client would send only the last value of each key of a QueryDict.
    return dict(data.lists())
