from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from relais.api.base import RelaisViewSet
from relais.api.filters import AvailabilityFilter, StructureFilter
from relais.api.serializers_structures import (
    AvailabilitySerializer,
    DeclarationSerializer,
    PlacesAddSerializer,
    PlacesCreatedSerializer,
    PlaceSerializer,
    StructureSerializer,
    availability_data,
)
from relais.indicators.availability import publish_availability
from relais.indicators.publication import publisher_of
from relais.structures.board_sql import BoardRows, BoardSelection, board_row
from relais.structures.models import Place, Structure
from relais.structures.services import (
    occupancy_confirm_unchanged,
    occupancy_declare,
    places_add,
    structure_create,
    structure_update,
)
from relais.users.enums import REGISTRY_READERS, Role

# The parameters of a page of the feed (`LimitOffsetPagination`), not of its filters.
PAGE_PARAMETERS = frozenset({LimitOffsetPagination.limit_query_param, LimitOffsetPagination.offset_query_param})
MANAGERS = frozenset({Role.COORDINATION, Role.OPERATEUR})
ERROR_NOT_YOURS = "Cette structure n'est pas gérée par votre organisation."


def _check_manages(request, structure):
    if not request.user.has_perm("structures.manage_structure", structure):
        raise PermissionDenied(ERROR_NOT_YOURS)


def _check_operator(request, operator):
    if operator is not None and not request.user.has_perm("structures.assign_operator", operator):
        raise PermissionDenied(ERROR_NOT_YOURS)


class StructureViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, RelaisViewSet
):
    """The places registry: read by every role working with places, written by operators and coordination."""

    allowed_roles = REGISTRY_READERS
    serializer_class = StructureSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    filter_backends = [DjangoFilterBackend]
    filterset_class = StructureFilter

    def get_queryset(self):
        return (
            Structure.objects.select_related("programme").with_places_open(timezone.localdate()).order_by("name", "pk")
        )

    def perform_create(self, serializer):
        if not self.request.user.has_perm("structures.create_structure"):
            raise PermissionDenied(ERROR_NOT_YOURS)
        _check_operator(self.request, serializer.validated_data["operator"])
        serializer.instance = structure_create(data=serializer.validated_data)

    def perform_update(self, serializer):
        _check_manages(self.request, serializer.instance)
        _check_operator(self.request, serializer.validated_data.get("operator"))
        serializer.instance = structure_update(structure=serializer.instance, data=serializer.validated_data)

    @extend_schema(responses=PlaceSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=PlaceSerializer, filter_backends=[])
    def places(self, request, pk=None):
        structure = get_object_or_404(Structure, pk=pk)
        places = (
            Place.objects.filter(structure=structure)
            .with_in_service(timezone.localdate())
            .order_by("location_label", "label")
        )
        page = self.paginate_queryset(places)
        return self.get_paginated_response(PlaceSerializer(page, many=True).data)

    @extend_schema(request=PlacesAddSerializer, responses={201: PlacesCreatedSerializer})
    @places.mapping.post
    def add_places(self, request, pk=None):
        structure = get_object_or_404(Structure, pk=pk)
        _check_manages(request, structure)
        serializer = PlacesAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = places_add(structure=structure, **serializer.validated_data)
        for place in created:
            place.in_service = True
        return Response({"created": PlaceSerializer(created, many=True).data}, status=status.HTTP_201_CREATED)


class AvailabilityViewSet(RelaisViewSet):
    """Live availability: places open, occupied, free, freshness; operators declare their occupancy."""

    allowed_roles = REGISTRY_READERS
    serializer_class = AvailabilitySerializer
    queryset = Structure.objects.none()  # for the schema: the path id is a structure's
    filter_backends = [DjangoFilterBackend]
    filterset_class = AvailabilityFilter

    @extend_schema(responses=AvailabilitySerializer(many=True))
    def list(self, request):
        if PAGE_PARAMETERS.issuperset(request.query_params):
            # No filter asked (the usual feed): the filter form and its choices would be built to change nothing.
            selection = BoardSelection()
        else:
            filters = DjangoFilterBackend().get_filterset(request, Structure.objects.none(), self)
            if not filters.is_valid():
                raise translate_validation(filters.errors)
            selection = filters.selection()
        page = self.paginator.paginate_queryset(BoardRows(selection), request, view=self)
        rows = publish_availability(page, publisher_of(request.user))
        return self.get_paginated_response(availability_data(rows))

    @extend_schema(request=DeclarationSerializer, responses={201: AvailabilitySerializer})
    @action(detail=True, methods=["post"], serializer_class=DeclarationSerializer)
    def declare(self, request, pk=None):
        structure = get_object_or_404(Structure, pk=pk)
        _check_manages(request, structure)
        serializer = DeclarationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["unchanged"]:
            occupancy_confirm_unchanged(structure=structure, by=request.user)
        else:
            occupancy_declare(structure=structure, occupied=serializer.validated_data["occupied"], by=request.user)
        return Response(availability_data([board_row(structure.pk)])[0], status=status.HTTP_201_CREATED)
