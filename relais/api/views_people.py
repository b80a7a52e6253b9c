"""Person-level API: the same scoping (visible_to), rules, services and access events as the pages."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from relais.api.base import RelaisViewSet
from relais.api.exceptions import Conflict
from relais.api.serializers_people import (
    AdmitSerializer,
    ConsentWriteSerializer,
    DeclineSerializer,
    ExitSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    ReferralSerializer,
    ReferralWriteSerializer,
    StaySerializer,
    TransferSerializer,
)
from relais.audit.enums import AccessAction, AccessCategory
from relais.audit.tracing import get_traced, traced
from relais.people.models import Person
from relais.people.services import PersonData, consent_give, person_create
from relais.referrals.models import Referral
from relais.referrals.services import (
    referral_accept,
    referral_acknowledge,
    referral_cancel,
    referral_decline,
    referral_send,
)
from relais.stays.models import Stay
from relais.stays.services import NoPlaceLeft, stay_admit, stay_exit, stay_transfer
from relais.structures.models import Place, Structure
from relais.users.access import recently_authenticated
from relais.users.enums import PERSON_DATA_ROLES

A, C = AccessAction, AccessCategory
ERROR_NOT_ALLOWED = "Votre rôle ou votre organisation ne permet pas cette action."
ERROR_API_REAUTH = (
    "Confirmez votre identité (mot de passe et second facteur) sur {url} avant d'exporter des données "
    "individuelles par l'API."
)


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(ERROR_NOT_ALLOWED)


def _require_recent_auth_in_a_session(request):
    """A list is an export of person data: in a browser session, the user confirmed who they are
    a few minutes ago (`require_recent_auth` of the pages). An API key has no one to ask: its
    approval by a second person, its role and its expiry stand for it (README, « Clés d'API »)."""
    if isinstance(request.successful_authenticator, SessionAuthentication) and not recently_authenticated(request):
        raise PermissionDenied(ERROR_API_REAUTH.format(url=reverse("accounts:reauth")))


def _conflicts(operation):
    """Run a service; the last place taken meanwhile is a conflict (409), other refusals are 400."""
    try:
        return operation()
    except NoPlaceLeft as exc:
        raise Conflict(exc.messages[0]) from exc


class PersonLevelViewSet(RelaisViewSet):
    allowed_roles = PERSON_DATA_ROLES
    category: AccessCategory

    def list(self, request):
        _require_recent_auth_in_a_session(request)
        page = self.paginate_queryset(self.get_queryset())
        traced(request, category=self.category, action=A.LIST, count=len(page))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_traced(pk)).data)

    def get_traced(self, pk, action=A.READ):
        return get_traced(self.request, self.get_queryset(), category=self.category, action=action, pk=pk)


class PersonViewSet(PersonLevelViewSet):
    """Pseudonymous persons that the caller's organisation referred, hosted, met or treated."""

    category = C.PERSON
    serializer_class = PersonSerializer
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        return Person.objects.visible_to(self.request.user).active().order_by("-created_at", "pk")

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def create(self, request):
        _require(request, "people.create_person")
        serializer = PersonWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = person_create(data=PersonData(**serializer.validated_data), by=request.user)
        traced(request, category=C.PERSON, action=A.CREATE, obj=person)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsentWriteSerializer, responses={201: PersonSerializer})
    @action(detail=True, methods=["post"], serializer_class=ConsentWriteSerializer)
    def consents(self, request, pk=None):
        # Break-glass opens reading only: writes fetch the person through `actionable_by`.
        persons = Person.objects.actionable_by(request.user).active()
        person = get_traced(request, persons, category=C.CONSENT, action=A.CREATE, pk=pk)
        _require(request, "people.manage_consent", person)
        serializer = ConsentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent_give(person=person, purpose=serializer.validated_data["purpose"], by=request.user)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)


class ReferralViewSet(PersonLevelViewSet):
    """Referrals sent or received by the caller's organisation: send, acknowledge, accept, decline, cancel."""

    category = C.REFERRAL
    serializer_class = ReferralSerializer

    def get_queryset(self):
        return (
            Referral.objects.visible_to(self.request.user)
            .select_related("person", "from_organization")
            .order_by("-sent_at", "pk")
        )

    @extend_schema(request=ReferralWriteSerializer, responses={201: ReferralSerializer})
    def create(self, request):
        _require(request, "referrals.send_referral")
        serializer = ReferralWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = get_traced(
            request, Person.objects.actionable_by(request.user), category=C.PERSON, action=A.UPDATE, pk=data["person"]
        )
        structure = (
            get_object_or_404(Structure.objects.operating(), pk=data["to_structure"])
            if data.get("to_structure")
            else None
        )
        referral = referral_send(person=person, by=request.user, to_structure=structure, to_kind=data["to_kind"])
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    def _transition(self, request, pk, perm, operation):
        referral = self.get_traced(pk, A.UPDATE)
        _require(request, perm, referral)
        referral = _conflicts(lambda: operation(referral))
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._transition(
            request, pk, "referrals.answer_referral", lambda r: referral_acknowledge(referral=r, by=request.user)
        )

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(
            request, pk, "referrals.answer_referral", lambda r: referral_accept(referral=r, by=request.user)
        )

    @extend_schema(request=DeclineSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"], serializer_class=DeclineSerializer)
    def decline(self, request, pk=None):
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self._transition(
            request,
            pk,
            "referrals.answer_referral",
            lambda r: referral_decline(referral=r, by=request.user, reason=reason),
        )

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(
            request, pk, "referrals.cancel_referral", lambda r: referral_cancel(referral=r, by=request.user)
        )


class StayViewSet(PersonLevelViewSet):
    """Stays in the caller's structures (or of the persons it follows): admit, exit, transfer."""

    category = C.STAY
    serializer_class = StaySerializer

    def get_queryset(self):
        return Stay.objects.visible_to(self.request.user).select_related("person").order_by("-admitted_at", "pk")

    @extend_schema(request=AdmitSerializer, responses={201: StaySerializer})
    def create(self, request):
        serializer = AdmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("referral"):
            referral = get_traced(
                request,
                Referral.objects.visible_to(request.user),
                category=C.REFERRAL,
                action=A.UPDATE,
                trace_allowed=False,
                pk=data["referral"],
            )
            person, structure = referral.person, referral.to_structure
            if structure is None:
                raise ValidationError("Cette orientation n'a pas encore de structure d'accueil.")
        else:
            referral = None
            person = get_traced(
                request,
                Person.objects.actionable_by(request.user),
                category=C.PERSON,
                action=A.UPDATE,
                trace_allowed=False,
                pk=data["person"],
            )
            structure = get_object_or_404(Structure.objects.operating(), pk=data["structure"])
        _require(request, "stays.manage_stays", structure)
        place = get_object_or_404(Place, pk=data["place"], structure=structure) if data.get("place") else None
        stay = _conflicts(
            lambda: stay_admit(person=person, structure=structure, by=request.user, referral=referral, place=place)
        )
        # One admission, one event: the stay it creates (the referral or person read is part of it).
        traced(request, category=C.STAY, action=A.CREATE, obj=stay)
        return Response(StaySerializer(stay).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExitSerializer, responses=StaySerializer)
    @action(detail=True, methods=["post"], url_path="exit", url_name="exit", serializer_class=ExitSerializer)
    def exit_stay(self, request, pk=None):
        stay = self.get_traced(pk, A.UPDATE)
        _require(request, "stays.manage_stays", stay.structure)
        serializer = ExitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        stay = stay_exit(stay=stay, by=request.user, **serializer.validated_data)
        return Response(StaySerializer(stay).data)

    @extend_schema(request=TransferSerializer, responses={201: StaySerializer})
    @action(detail=True, methods=["post"], serializer_class=TransferSerializer)
    def transfer(self, request, pk=None):
        stay = self.get_traced(pk, A.UPDATE)
        _require(request, "stays.manage_stays", stay.structure)
        serializer = TransferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        to_structure = get_object_or_404(Structure.objects.operating(), pk=serializer.validated_data["to_structure"])
        _require(request, "stays.manage_stays", to_structure)
        place_id = serializer.validated_data.get("place")
        place = get_object_or_404(Place, pk=place_id, structure=to_structure) if place_id else None
        new_stay = _conflicts(lambda: stay_transfer(stay=stay, to_structure=to_structure, by=request.user, place=place))
        return Response(StaySerializer(new_stay).data, status=status.HTTP_201_CREATED)
