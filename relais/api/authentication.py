import hmac

from django.utils import timezone
from rest_framework import authentication, exceptions

from relais.api.models import KEY_PREFIX_LENGTH, ApiKey, hash_key

ERROR_INVALID_KEY = "Clé d'API invalide, expirée ou révoquée."


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <secret>`."""

    keyword = "Api-Key"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header.startswith(f"{self.keyword} "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        key = ApiKey.objects.usable().select_related("user").filter(prefix=raw[:KEY_PREFIX_LENGTH]).first()
        if key is None or not hmac.compare_digest(key.hashed_key, hash_key(raw)) or not key.user.is_active:
            raise exceptions.AuthenticationFailed(ERROR_INVALID_KEY)
        now = timezone.now()
        # One write a minute at most: the date is for the administrator, not an audit trail.
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        request.api_key = key
        return key.user, key

    def authenticate_header(self, request):
        return self.keyword
