"""Error reporting to a Sentry-compatible service, on only when SENTRY_DSN is set.

Nothing about a person may leave: no user, no bodies, no local variables, and `event_scrub` drops
what could still quote one (request bodies, query strings, cookies, exception messages, breadcrumbs).
"""

import sentry_sdk


def event_scrub(event, hint):
    request = event.get("request") or {}
    for key in ("data", "query_string", "cookies", "env"):
        request.pop(key, None)
    if "url" in request:
        request["url"] = request["url"].split("?", 1)[0]
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = ""  # the type and the stack trace say where; the message may say who
    event.pop("breadcrumbs", None)
    event.pop("extra", None)
    return event


def sentry_init(dsn: str, *, environment: str = "", **options) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        # What send_default_pii=False meant, in the option that replaces it: no user, no bodies, no
        # SQL parameters, no local variables.
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        before_send=event_scrub,
        traces_sample_rate=0,
        **options,
    )
