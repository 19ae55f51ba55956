"""Fields for people's names, cleaned by the rules of home.text wherever a form writes them."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from home.text import clean_name, normalise


def validate_name(value):
    """Refuse a name with characters that could disguise it (see home.text)."""
    try:
        clean_name(value)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_characters") from None


class NameFormField(forms.CharField):
    """A name typed into a form: NFC, single spaces, or an error naming the bad character."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return clean_name(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid_characters") from None


class NameField(models.CharField):
    """A name others see: model forms clean it with NameFormField, full_clean() refuses what
    could disguise it, and every save stores it normalised (forms of Wagtail's own, too)."""

    default_validators = [validate_name]

    def pre_save(self, model_instance, add):
        value = normalise(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NameFormField, **kwargs})
