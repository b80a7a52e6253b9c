"""The production settings, plus the two floors of `make bench-national` (relais/demo/bench_urls.py)."""

from .prod import *  # noqa: F403
from .prod import REST_FRAMEWORK

ROOT_URLCONF = "relais.demo.bench_urls"
# The load tool is one signed-in session asking as fast as it is answered: the API's rate limit per
# session (1,200 a minute) would answer 429 after a few seconds. The limit is still counted (the
# same cache reads and writes per request), only set out of reach.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "session": "1000000/minute"},
}
