import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relais.api.models import KEY_PREFIX_LENGTH, ApiKey, hash_key
from relais.users.enums import RightsEventKind
from relais.users.models import Organization
from relais.users.services import grant_propose, rights_event_record

ERROR_EXPIRY_PAST = "La date d'expiration doit être dans le futur."


@transaction.atomic
def api_key_create(
    *, name: str, organization: Organization, role: str, expires_at: datetime.datetime | None, by
) -> tuple[ApiKey, str]:
    """Create a key and its technical user; return the key and the raw secret, shown once."""
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": ERROR_EXPIRY_PAST})
    raw = ApiKey.generate_raw()
    while ApiKey.objects.filter(prefix=raw[:KEY_PREFIX_LENGTH]).exists():
        raw = ApiKey.generate_raw()
    prefix = raw[:KEY_PREFIX_LENGTH]
    user = get_user_model().objects.create(username=f"api-{prefix}", first_name=name[:150])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    # A key reaching person data follows the two-person rule of every grant: it reads nothing
    # until coordination of another organisation approves its grant.
    grant = grant_propose(
        user=user,
        organization=organization,
        role=role,
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate(expires_at) if expires_at else None,
        by=by,
        key_prefix=prefix,
    )
    key = ApiKey.objects.create(
        name=name,
        organization=organization,
        role=role,
        prefix=prefix,
        hashed_key=hash_key(raw),
        user=user,
        expires_at=expires_at,
        created_by=by,
    )
    rights_event_record(kind=RightsEventKind.KEY_CREATED, actor=by, grant=grant, key_prefix=prefix)
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by=None) -> None:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        key.user.is_active = False
        key.user.save(update_fields=["is_active"])
        grant = key.user.grants.order_by("-pk").first()
        rights_event_record(kind=RightsEventKind.KEY_REVOKED, actor=by, grant=grant, key_prefix=key.prefix)
