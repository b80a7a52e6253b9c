import datetime

from django.utils import timezone
from rest_framework import serializers

from relais.api.base import StrictModelSerializer, StrictSerializer
from relais.structures.enums import PlaceKind
from relais.structures.models import Place, Programme, Structure
from relais.users.models import Organization


class StructureSerializer(StrictModelSerializer):
    operator = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    programme = serializers.SlugRelatedField(
        slug_field="code", queryset=Programme.objects.all(), allow_null=True, required=False
    )
    places_open = serializers.IntegerField(read_only=True)

    class Meta:
        model = Structure
        fields = [
            "id",
            "name",
            "kind",
            "operator",
            "programme",
            "address",
            "cog",
            "latitude",
            "longitude",
            "finess_et",
            "finess_ej",
            "opening_hours",
            "status",
            "opened_on",
            "closed_on",
            "availability_mode",
            "places_open",
        ]

    def validate(self, attrs):
        # The model's own cross-field rules (dates in order, coordinates together).
        instance = Structure(**{**self._current_values(), **attrs})
        instance.clean()
        return attrs

    def _current_values(self):
        if self.instance is None:
            return {}
        return {
            field: getattr(self.instance, field) for field in self.Meta.fields if field not in ("id", "places_open")
        }


class PlaceSerializer(serializers.ModelSerializer):
    in_service = serializers.BooleanField(read_only=True)

    class Meta:
        model = Place
        fields = ["id", "kind", "label", "location_label", "women_only", "accessible", "pets", "couple", "in_service"]


class PlacesCreatedSerializer(serializers.Serializer):
    created = PlaceSerializer(many=True)


class PlacesAddSerializer(StrictSerializer):
    count = serializers.IntegerField(min_value=1, max_value=500)
    kind = serializers.ChoiceField(choices=PlaceKind.choices)
    label_prefix = serializers.CharField(max_length=80)
    location_label = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    in_service_from = serializers.DateField()
    women_only = serializers.BooleanField(required=False, default=False)
    accessible = serializers.BooleanField(required=False, default=False)
    pets = serializers.BooleanField(required=False, default=False)
    couple = serializers.BooleanField(required=False, default=False)


class AvailabilitySerializer(serializers.Serializer):
    structure = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()
    operator = serializers.CharField(source="operator.name")
    cog = serializers.CharField()
    availability_mode = serializers.CharField()
    places_open = serializers.IntegerField()
    occupied = serializers.IntegerField(allow_null=True)
    free = serializers.IntegerField(allow_null=True)
    occupied_status = serializers.CharField(
        required=False,
        default="exact",
        help_text="« exact », « publié » (léger bruit), « < 11 » ou « s » (secret statistique) selon votre profil.",
    )
    confirmed_at = serializers.DateTimeField(source="declared_at", allow_null=True)
    stale = serializers.BooleanField()
    freshness_hours = serializers.IntegerField()


def availability_data(rows) -> list[dict]:
    """`AvailabilitySerializer(rows, many=True).data` for board rows (`relais.structures.board.BoardRow`),
    built as plain dicts: the same JSON (a test holds them equal) without a serializer's field machinery
    run for each of 100 rows."""
    local = timezone.get_current_timezone()  # once, not through DRF's field for each row (a fifth of the feed)

    def confirmed_at(value: datetime.datetime) -> str:
        text = value.astimezone(local).isoformat()  # DRF's ISO 8601, UTC written as « Z »
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return [
        {
            "structure": row.pk,
            "name": row.name,
            "kind": row.kind,
            "operator": row.operator_name,
            "cog": row.cog,
            "availability_mode": row.availability_mode,
            "places_open": row.places_open,
            "occupied": row.occupied,
            "free": row.free,
            "occupied_status": getattr(row, "occupied_status", "exact"),
            "confirmed_at": None if row.declared_at is None else confirmed_at(row.declared_at),
            "stale": row.stale,
            "freshness_hours": row.freshness_hours,
        }
        for row in rows
    ]


class DeclarationSerializer(StrictSerializer):
    occupied = serializers.IntegerField(min_value=0, max_value=5000, required=False)
    unchanged = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if not attrs.get("unchanged") and attrs.get("occupied") is None:
            raise serializers.ValidationError(
                {"occupied": ["Indiquez le nombre de places occupées, ou « unchanged »: true."]}
            )
        return attrs
