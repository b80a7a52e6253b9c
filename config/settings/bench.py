"""The production settings, plus the two floors of `make bench-national` (relais/demo/bench_urls.py)."""

from .prod import *  # noqa: F403

ROOT_URLCONF = "relais.demo.bench_urls"
