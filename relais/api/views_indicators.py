"""Indicators as of a date, and the published open data.

Every figure goes through the publisher of the caller's role (relais/indicators/publication.py):
exact for coordination (and for a field team's own organisation), published for everyone else.
"""

import datetime

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from relais.api.base import PublicAPIMixin, RelaisViewSet
from relais.indicators import opendata, opendata_files, registry
from relais.indicators.fact_reader import reading
from relais.indicators.publication import NotPublished, publisher_of
from relais.users.enums import ALL_ROLES, Role

ERROR_AS_OF = "Date « as_of » attendue au format AAAA-MM-JJ."
# Indicators kept out of public outputs (e.g. occupancy rates) stay within the comité and coordination.
NON_PUBLIC_READERS = frozenset({Role.COORDINATION, Role.COMITE})


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    disaggregations = serializers.ListField(child=serializers.CharField())
    person_derived = serializers.BooleanField()


class IndicatorRowSerializer(serializers.Serializer):
    group = serializers.DictField(child=serializers.CharField(allow_null=True))
    value = serializers.FloatField(allow_null=True)
    status = serializers.CharField(help_text="« publié », « < 11 » ou « s » (secret statistique).")


class IndicatorValuesSerializer(serializers.Serializer):
    code = serializers.CharField()
    as_of = serializers.DateField()
    by = serializers.ListField(child=serializers.CharField())
    published = serializers.BooleanField()
    rows = IndicatorRowSerializer(many=True)


def _visible_indicators(user):
    return [i for i in registry.INDICATORS.values() if i.public or user.role in NON_PUBLIC_READERS]


class IndicatorViewSet(RelaisViewSet):
    allowed_roles = ALL_ROLES - {Role.AUDITEUR, Role.ADMIN}
    serializer_class = IndicatorSerializer
    lookup_value_regex = "[a-z0-9_]+"
    pagination_class = None  # the catalogue is short

    def list(self, request):
        return Response(IndicatorSerializer(_visible_indicators(request.user), many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description="Ce que l'on savait à la fin de ce jour (défaut : maintenant)."
            ),
            OpenApiParameter(
                "by", OpenApiTypes.STR, description="Ventilation, par exemple « kind » ou « kind,arrondissement »."
            ),
        ],
        responses=IndicatorValuesSerializer,
    )
    def retrieve(self, request, pk=None):
        indicator = next((i for i in _visible_indicators(request.user) if i.code == pk), None)
        if indicator is None:
            raise Http404
        as_of_day = self._as_of(request.query_params.get("as_of"))
        by = [d for d in (request.query_params.get("by") or "").split(",") if d]
        publisher = publisher_of(request.user)
        try:
            rows = publisher.rows(indicator, as_of=registry.end_of(as_of_day), by=by)
        except registry.UnsupportedDimension as exc:
            raise ValidationError({"by": [str(exc)]}) from exc
        except NotPublished as exc:
            raise ValidationError({"by": [str(exc)]}) from exc
        return Response(
            {
                "code": indicator.code,
                "as_of": as_of_day,
                "by": by,
                "published": not publisher.reads_exactly(indicator),
                "rows": [
                    {"group": _group(r, by), "value": r["cell"].value, "status": r["cell"].mark or "publié"}
                    for r in rows
                ],
            }
        )

    @staticmethod
    def _as_of(raw):
        if not raw:
            return datetime.date.today()  # noqa: DTZ011 - end_of() takes the Paris day and caps it at now
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as exc:
            raise ValidationError({"as_of": [ERROR_AS_OF]}) from exc


def _group(row, by):
    return {d: None if row.get(d) is None else str(row[d]) for d in by}


class DatasetSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    indicator = serializers.CharField()


class OpenDataViewSet(PublicAPIMixin, RelaisViewSet):
    """The open-data files, as JSON: published indicators by month and arrondissement (no authentication)."""

    serializer_class = DatasetSerializer
    lookup_value_regex = "[a-z0-9-]+"
    pagination_class = None

    @extend_schema(operation_id="open_data_list", responses=DatasetSerializer(many=True))
    def list(self, request):
        return Response([{"slug": d.slug, "title": d.title, "indicator": d.code} for d in opendata.DATASETS])

    @extend_schema(operation_id="open_data_retrieve", responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        dataset = opendata.BY_SLUG.get(pk)
        if dataset is None:
            raise Http404
        with reading():  # the file written from the daily facts where they cover the months
            return Response(opendata_files.document(dataset))
