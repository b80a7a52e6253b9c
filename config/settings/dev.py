"""Local development and `make demo`: SQLite under var/, demo accounts, debug pages."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-relais-demo-key-0123456789abcdef"  # noqa: F405
RELAIS_DEMO = True
