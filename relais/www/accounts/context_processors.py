from relais.identity import proconnect
from relais.identity.break_glass import break_glass_banner_until
from relais.identity.second_factor import demo_skips_second_factor


def identity(request):
    return {
        "demo_without_second_factor": demo_skips_second_factor(request),
        "proconnect_enabled": proconnect.enabled(),
        "break_glass_until": break_glass_banner_until(request, _person_id(request)),
    }


def _person_id(request):
    match = getattr(request, "resolver_match", None)
    return match.kwargs.get("person_id") if match else None
