"""What every API view shares: login handled by DRF (not the login page), roles declared, strict input."""

from django.contrib.auth.decorators import login_not_required
from rest_framework import generics, permissions, serializers, views, viewsets

from relais.users.access import ERROR_NO_GRANT, ERROR_ROLE

ERROR_NOT_AN_OBJECT = "Un objet JSON est attendu."
ERROR_UNKNOWN_FIELDS = "Champ(s) inconnu(s) refusé(s) : {fields}. Rien n'a été enregistré."


class HasAllowedRole(permissions.BasePermission):
    """The caller's grant in force has one of the view's `allowed_roles`."""

    def has_permission(self, request, view):
        grant = getattr(request.user, "active_grant", None)
        if grant is None:
            self.message = ERROR_NO_GRANT
            return False
        self.message = ERROR_ROLE
        return grant.role in view.allowed_roles


class RelaisAPIMixin:
    """Every API view declares `allowed_roles` (checked by a test over all URLs)."""

    allowed_roles: frozenset = frozenset()
    permission_classes = [permissions.IsAuthenticated, HasAllowedRole]

    @classmethod
    def as_view(cls, *args, **kwargs):
        # The API authenticates by session or key itself; the login page redirect is for HTML pages.
        return login_not_required(super().as_view(*args, **kwargs))


class RelaisAPIView(RelaisAPIMixin, views.APIView):
    pass


class RelaisGenericAPIView(RelaisAPIMixin, generics.GenericAPIView):
    pass


class RelaisViewSet(RelaisAPIMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"  # anything else is not an object of ours: 404 from the URL resolver


class PublicAPIMixin:
    """Open data: no authentication at all."""

    public = True
    allowed_roles = frozenset()
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know instead of ignoring them."""

    def to_internal_value(self, data):
        if not hasattr(data, "keys"):
            raise serializers.ValidationError({"non_field_errors": [ERROR_NOT_AN_OBJECT]})
        unknown = sorted(set(data.keys()) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {"non_field_errors": [ERROR_UNKNOWN_FIELDS.format(fields=", ".join(unknown))]}
            )
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass
