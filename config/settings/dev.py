"""Local development and `make demo`: SQLite under var/, demo accounts, debug pages."""

from .base import *  # noqa: F403
from .base import demo_key, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-relais-demo-key-0123456789abcdef"  # noqa: F405
RELAIS_DEMO = True

# Fixed, non-secret keys derived from public strings: demo and test data only (prod refuses them).
RELAIS_FIELD_KEY = RELAIS_FIELD_KEY or demo_key("relais-demo-field-key")  # noqa: F405
RELAIS_MATCHING_KEY = RELAIS_MATCHING_KEY or "relais-demo-matching-key-not-secret"  # noqa: F405
