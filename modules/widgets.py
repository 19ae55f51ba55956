"""Admin widgets of the course modules app."""

from django import forms


class FilteredCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A checkbox list with a search box above it that hides the options not matching.

    Without JavaScript the box stays hidden and the whole list is shown, so every option
    remains reachable; the chosen ones always stay visible.
    """

    template_name = "modules/widgets/filtered_checkboxes.html"

    class Media:
        js = ["modules/filtered_checkboxes.js"]
