from rest_framework import serializers

from relais.api.base import StrictSerializer
from relais.people.enums import ConsentPurpose, Need, Sex
from relais.people.models import Person
from relais.referrals.enums import DeclineReason
from relais.referrals.models import Referral
from relais.stays.enums import ExitDestination
from relais.stays.models import Stay
from relais.structures.enums import StructureKind


class PersonSerializer(serializers.ModelSerializer):
    needs = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "display_code", "alias", "year_of_birth", "sex", "languages", "needs", "created_at"]

    def get_needs(self, person) -> list[str]:
        return [need.value for need in Need if getattr(person, need.value)]


class PersonWriteSerializer(StrictSerializer):
    alias = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    year_of_birth = serializers.IntegerField(min_value=1920, max_value=2030, required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.UNKNOWN)
    languages = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices), required=False, default=list)


class ConsentWriteSerializer(StrictSerializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)


class ReferralSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id")
    person_code = serializers.CharField(source="person.display_code")
    from_organization = serializers.CharField(source="from_organization.name")

    class Meta:
        model = Referral
        fields = [
            "id",
            "person",
            "person_code",
            "from_organization",
            "to_structure",
            "to_kind",
            "status",
            "decline_reason",
            "sent_at",
            "acknowledged_at",
            "answered_at",
            "admitted_at",
            "closed_at",
        ]


class ReferralWriteSerializer(StrictSerializer):
    person = serializers.UUIDField()
    to_structure = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    to_kind = serializers.ChoiceField(choices=StructureKind.choices, required=False, allow_blank=True, default="")


class DeclineSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)


class StaySerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person_id")
    person_code = serializers.CharField(source="person.display_code")

    class Meta:
        model = Stay
        fields = [
            "id",
            "person",
            "person_code",
            "structure",
            "place",
            "referral",
            "admitted_at",
            "exited_at",
            "exit_destination",
        ]


class AdmitSerializer(StrictSerializer):
    referral = serializers.IntegerField(required=False, min_value=1, help_text="Orientation acceptée à honorer.")
    person = serializers.UUIDField(required=False, help_text="Admission directe : la personne…")
    structure = serializers.IntegerField(required=False, min_value=1, help_text="…et la structure.")
    place = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    def validate(self, attrs):
        if not attrs.get("referral") and not (attrs.get("person") and attrs.get("structure")):
            raise serializers.ValidationError(
                {"non_field_errors": ["Indiquez l'orientation acceptée, ou la personne et la structure."]}
            )
        return attrs


class ExitSerializer(StrictSerializer):
    destination = serializers.ChoiceField(choices=ExitDestination.choices)
    at = serializers.DateTimeField(required=False)


class TransferSerializer(StrictSerializer):
    to_structure = serializers.IntegerField(min_value=1)
    place = serializers.IntegerField(required=False, allow_null=True, min_value=1)
