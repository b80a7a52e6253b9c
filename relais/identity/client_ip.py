"""The client's address, read from proxy headers only as far as the deployment trusts them."""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR when no proxy is trusted; otherwise the address the outermost trusted proxy saw.

    Each trusted proxy appends the address of its peer to X-Forwarded-For, so with N of them the
    client is the N-th entry from the right; anything further left was written by the client
    itself and is ignored. (django-ipware's proxy count reads the header from the left and, on a
    header with extra forged entries, gives up, which would merge such clients into the proxy's
    address.)
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.RELAIS_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
