"""The client's address, as far as it can be trusted.

`REMOTE_ADDR` is the peer that opened the connection. Behind nginx (or any proxy) that is the
proxy, and the client is in `X-Forwarded-For` — but anybody can send that header, so it is
read only when the peer is one of `TRUSTED_PROXIES` (IPs or CIDR networks, from the
environment). The header is read right to left, skipping trusted proxies: the first address
that is not one of ours is the client (entries further left were written by the client
itself and prove nothing).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()))))


def client_address(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR") or "-"
    if not _trusted(peer):
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # garbage in the header: fall back to the proxy we know
    return hops[0] if hops else peer
