from relais.identity import proconnect
from relais.identity.second_factor import demo_skips_second_factor


def identity(request):
    return {
        "demo_without_second_factor": demo_skips_second_factor(request),
        "proconnect_enabled": proconnect.enabled(),
    }
