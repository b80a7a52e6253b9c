"""Local development and `make demo`: SQLite under var/, demo accounts, debug pages."""

from .base import *  # noqa: F403
from .base import (
    DEMO_ACCESS_LOG_KEY,
    DEMO_CELL_KEY_SECRET,
    DEMO_FIELD_KEY_SEED,
    DEMO_MATCHING_KEY,
    DEMO_SECRET_KEYS,
    demo_key,
    env_bool,
)

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or DEMO_SECRET_KEYS[0]  # noqa: F405
RELAIS_DEMO = True

# Fixed, non-secret keys derived from public strings: demo and test data only (prod refuses them).
RELAIS_FIELD_KEY = RELAIS_FIELD_KEY or demo_key(DEMO_FIELD_KEY_SEED)  # noqa: F405
RELAIS_MATCHING_KEY = RELAIS_MATCHING_KEY or DEMO_MATCHING_KEY  # noqa: F405
RELAIS_ACCESS_LOG_KEY = RELAIS_ACCESS_LOG_KEY or DEMO_ACCESS_LOG_KEY  # noqa: F405
RELAIS_CELL_KEY_SECRET = RELAIS_CELL_KEY_SECRET or DEMO_CELL_KEY_SECRET  # noqa: F405
