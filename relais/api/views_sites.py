"""Sites API: the situation for everyone with a grant; observations, on-site activity and security
operations written through the same services (and rules) as the forms; totals only where the role
sees only totals. Counts only: no field may carry a name, unknown fields are refused."""

import datetime

from django.db.models import Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from relais.api.base import RelaisViewSet
from relais.api.serializers_sites import (
    ACT_FIELDS,
    ActivitySerializer,
    ObservationSerializer,
    SecurityOperationSerializer,
    SiteSerializer,
    TotalsSerializer,
)
from relais.sites.enums import OperationCount
from relais.sites.filters import SiteFilter
from relais.sites.models import OnSiteActivity, SecurityOperation, Site, SiteObservation
from relais.sites.services import observation_record, onsite_activity_record_week, security_operation_record
from relais.users.enums import ALL_ROLES

RECENT = 100


def _totals(queryset, fields) -> dict:
    values = queryset.aggregate(**{field: Sum(field) for field in fields})
    return {"totals": {field: values[field] or 0 for field in fields}}


class SiteViewSet(RelaisViewSet):
    allowed_roles = ALL_ROLES
    serializer_class = SiteSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SiteFilter

    def get_queryset(self):
        return Site.objects.with_status(timezone.localdate()).with_last_observation().order_by("name", "pk")

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        precise = request.user.has_perm("sites.view_precise_points")
        return self.get_paginated_response(SiteSerializer(page, many=True, context={"precise": precise}).data)

    def _site(self, pk):
        return get_object_or_404(Site, pk=pk)

    @extend_schema(responses=ObservationSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=ObservationSerializer, filter_backends=[])
    def observations(self, request, pk=None):
        rows = SiteObservation.objects.filter(site=self._site(pk)).order_by("-observed_at", "-pk")[:RECENT]
        return Response(ObservationSerializer(rows, many=True).data)

    @extend_schema(request=ObservationSerializer, responses={201: ObservationSerializer})
    @observations.mapping.post
    def add_observation(self, request, pk=None):
        site = self._site(pk)
        serializer = ObservationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        observation = observation_record(site=site, by=request.user, **serializer.validated_data)
        return Response(ObservationSerializer(observation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=SecurityOperationSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=SecurityOperationSerializer, filter_backends=[])
    def operations(self, request, pk=None):
        operations = SecurityOperation.objects.filter(site=self._site(pk))
        if not request.user.has_perm("sites.view_security_operation_detail"):
            return Response(_totals(operations, OperationCount.values))
        rows = operations.order_by("-day", "-pk")[:RECENT]
        return Response(SecurityOperationSerializer(rows, many=True).data)

    @extend_schema(request=SecurityOperationSerializer, responses={201: SecurityOperationSerializer})
    @operations.mapping.post
    def add_operation(self, request, pk=None):
        site = self._site(pk)
        serializer = SecurityOperationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        day, kind = values.pop("day"), values.pop("kind")
        operation = security_operation_record(site=site, day=day, kind=kind, counts=values, by=request.user)
        return Response(SecurityOperationSerializer(operation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=TotalsSerializer)
    @action(detail=True, methods=["get"], serializer_class=ActivitySerializer, filter_backends=[])
    def activities(self, request, pk=None):
        activities = OnSiteActivity.objects.filter(site=self._site(pk))
        if not request.user.has_perm("sites.view_health_activity_detail"):
            return Response(_totals(activities, ACT_FIELDS))
        rows = activities.order_by("-day", "-pk")[:RECENT]
        return Response([{"day": a.day, "counts": {f: getattr(a, f) for f in ACT_FIELDS}} for a in rows])

    @extend_schema(request=ActivitySerializer, responses={201: ActivitySerializer})
    @activities.mapping.post
    def add_activity(self, request, pk=None):
        """One day of the caller's organisation's acts (a day already recorded is replaced)."""
        site = self._site(pk)
        serializer = ActivitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        day, counts = serializer.validated_data["day"], serializer.validated_data["counts"]
        week_start = day - datetime.timedelta(days=day.weekday())
        onsite_activity_record_week(site=site, week_start=week_start, counts={day: counts}, by=request.user)
        return Response({"day": day, "counts": counts}, status=status.HTTP_201_CREATED)
