"""JSON API of the sites: read the situation, write observations (field roles) and security
operations (police). Every write refuses unknown fields, so no name can ride along unnoticed."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from relais.sites.enums import DayPeriod, OperationKind
from relais.sites.models import Site
from relais.sites.rules import OBSERVATION_WRITERS
from relais.sites.services import observation_record, security_operation_record
from relais.sites.validators import CONDITIONS_MAX_LENGTH, validate_no_identity
from relais.users.access import require_roles
from relais.users.enums import ALL_ROLES, Role
from relais.www.sites.forms import ERROR_UNKNOWN_FIELDS


class StrictSerializer(serializers.Serializer):
    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Un objet JSON est attendu."]})
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {"non_field_errors": [ERROR_UNKNOWN_FIELDS.format(fields=", ".join(unknown))]}
            )
        return super().to_internal_value(data)


def _count(**kwargs):
    return serializers.IntegerField(min_value=0, max_value=100_000_000, required=False, default=0, **kwargs)


class SecurityOperationIn(StrictSerializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=OperationKind.choices)
    arrests = _count()
    custody = _count()
    seizure_grams = serializers.DecimalField(max_digits=10, decimal_places=1, min_value=0, required=False, default=0)
    seizure_euros = _count()
    kitchens_dismantled = _count()
    officers_engaged = _count()


class ObservationIn(StrictSerializer):
    observed_at = serializers.DateTimeField()
    period = serializers.ChoiceField(choices=DayPeriod.choices)
    headcount_min = serializers.IntegerField(min_value=0, max_value=5000)
    headcount_max = serializers.IntegerField(min_value=0, max_value=5000, required=False, allow_null=True)
    conditions = serializers.CharField(
        max_length=CONDITIONS_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_no_identity],
    )


class SitesAPIView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = []
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    def write(self, call):
        try:
            obj = call()
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        except PermissionDenied:
            return Response({"detail": "Votre rôle ne permet pas cette saisie."}, status=status.HTTP_403_FORBIDDEN)
        return Response({"id": obj.pk}, status=status.HTTP_201_CREATED)


class SiteListAPI(SitesAPIView):
    def get(self, request):
        precise = request.user.has_perm("sites.view_precise_points")
        sites = Site.objects.with_status(timezone.localdate()).with_last_observation().order_by("name")
        return Response(
            [
                {
                    "id": site.pk,
                    "nom": site.name,
                    "type": site.kind,
                    "communes": site.cogs,
                    "statut": site.status,
                    "statut_depuis": site.status_since,
                    "derniere_estimation": None
                    if site.last_max is None
                    else {"bas": site.last_min, "haut": site.last_max, "le": site.last_observed_at},
                    **({"latitude": site.latitude, "longitude": site.longitude} if precise else {}),
                }
                for site in sites
            ]
        )


class OperationCreateAPI(SitesAPIView):
    def post(self, request, pk):
        site = get_object_or_404(Site, pk=pk)
        data = SecurityOperationIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        day, kind = values.pop("day"), values.pop("kind")
        return self.write(
            lambda: security_operation_record(site=site, day=day, kind=kind, counts=values, by=request.user)
        )


class ObservationCreateAPI(SitesAPIView):
    def post(self, request, pk):
        site = get_object_or_404(Site, pk=pk)
        data = ObservationIn(data=request.data)
        data.is_valid(raise_exception=True)
        return self.write(lambda: observation_record(site=site, by=request.user, **data.validated_data))


site_list = require_roles(*ALL_ROLES)(SiteListAPI.as_view())
operation_create = require_roles(Role.POLICE)(OperationCreateAPI.as_view())
observation_create = require_roles(*OBSERVATION_WRITERS)(ObservationCreateAPI.as_view())
