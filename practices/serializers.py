"""Serializers for the good-practice fields in Wagtail's pages API (/api/v2/pages/)."""

from rest_framework import serializers


class CountryCodesField(serializers.Field):
    def to_representation(self, value):
        return [country.code for country in value]


class InstitutionSerializer(serializers.Serializer):
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(source="country.code")
