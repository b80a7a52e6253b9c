"""Errors the French way: 400 per field, 404 outside the caller's scope, 409 on a conflict."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

ERROR_CONFLICT = "Conflit avec l'état actuel des données : réessayez après avoir rechargé."


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = ERROR_CONFLICT
    default_code = "conflict"


def relais_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    elif isinstance(exc, IntegrityError):
        # A database invariant refused the change (e.g. the last place taken meanwhile).
        return Response({"detail": ERROR_CONFLICT}, status=status.HTTP_409_CONFLICT)
    return exception_handler(exc, context)
