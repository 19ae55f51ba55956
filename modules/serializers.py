"""Serializers for the course module fields in Wagtail's pages API (/api/v2/pages/).

Only what the public page shows: never invitation codes or online meeting links.
"""

from rest_framework import serializers


class WorkingLanguageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class InstitutionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField()
    city = serializers.CharField()
    timezone = serializers.CharField()
    website = serializers.URLField()


class ModuleTeacherSerializer(serializers.Serializer):
    name = serializers.CharField(source="user.name")
    institution = serializers.CharField(source="institution.short_name")
    is_lead = serializers.BooleanField()


class ModuleSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
