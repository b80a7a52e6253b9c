from rest_framework import serializers

from relais.api.base import StrictSerializer
from relais.sites.enums import ActType, DayPeriod, OperationKind
from relais.sites.validators import CONDITIONS_MAX_LENGTH, validate_no_identity


def _count(**kwargs):
    return serializers.IntegerField(min_value=0, max_value=100_000_000, required=False, default=0, **kwargs)


class SiteSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()
    cogs = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(allow_null=True)
    status_since = serializers.DateField(allow_null=True)
    last_observed_at = serializers.DateTimeField(allow_null=True)
    last_headcount_min = serializers.IntegerField(source="last_min", allow_null=True)
    last_headcount_max = serializers.IntegerField(source="last_max", allow_null=True)
    latitude = serializers.FloatField(allow_null=True, required=False, help_text="Rôles de terrain seulement.")
    longitude = serializers.FloatField(allow_null=True, required=False, help_text="Rôles de terrain seulement.")

    def to_representation(self, site):
        data = super().to_representation(site)
        if not self.context.get("precise"):
            data.pop("latitude"), data.pop("longitude")
        return data


class ObservationSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
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


class SecurityOperationSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=OperationKind.choices)
    arrests = _count()
    custody = _count()
    seizure_grams = serializers.DecimalField(max_digits=10, decimal_places=1, min_value=0, required=False, default=0)
    seizure_euros = _count()
    kitchens_dismantled = _count()
    officers_engaged = _count()


class ActivityCountsSerializer(StrictSerializer):
    first_aid = _count()
    nursing_care = _count()
    medical_consultation = _count()
    harm_reduction_kits = _count()
    crack_pipes = _count()
    orientations = _count()
    emergency_calls = _count()


class ActivitySerializer(StrictSerializer):
    day = serializers.DateField()
    counts = ActivityCountsSerializer()


class TotalsSerializer(serializers.Serializer):
    """What a role that sees only totals gets: one figure per count."""

    totals = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=1))


ACT_FIELDS = list(ActType.values)
