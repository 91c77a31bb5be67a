"""Behind a reverse proxy: trust its X-Forwarded-* headers only when it is one we were told about.

`XIESHANG_TRUSTED_PROXIES` (addresses or networks, comma-separated: `127.0.0.1,10.0.0.0/8`) names the
proxies. A request whose peer is one of them:
- gets its client address from X-Forwarded-For, read from the right, skipping the trusted proxies (the
  rightmost address nobody trusted added: a client cannot forge what its proxy appends); REMOTE_ADDR becomes
  that address (the login lockout, accounts.throttle, keys on it), the proxy's own kept in XIESHANG_PEER_ADDR;
- keeps X-Forwarded-Proto, which settings read through Django's SECURE_PROXY_SSL_HEADER (set only when
  trusted proxies are configured), so `request.is_secure()` is true behind TLS: no redirect loop, HSTS sent.
From any other peer the X-Forwarded-* headers are dropped before anything reads them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDED = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
)


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "XIESHANG_TRUSTED_PROXIES", ()) or ()))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(address: str, networks: Iterable[Network] | None = None) -> bool:
    ip = _address(address)
    nets = trusted_networks() if networks is None else tuple(networks)
    return ip is not None and any(ip in net for net in nets)


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client's address: `peer` unless it is a trusted proxy; then the rightmost untrusted hop of
    X-Forwarded-For (a hop that is not an address ends the walk: the last trusted one is the client)."""
    if not networks or not is_trusted(peer, networks):
        return peer
    client = peer
    for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
        ip = _address(hop)
        if ip is None:
            break
        client = str(ip)
        if not any(ip in net for net in networks):
            break
    return client


class TrustedProxyMiddleware:
    """First in the chain: before SecurityMiddleware reads the scheme and anything reads the address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = str(meta.get("REMOTE_ADDR") or "")
        networks = trusted_networks()
        if networks and is_trusted(peer, networks):
            meta["XIESHANG_PEER_ADDR"] = peer
            meta["REMOTE_ADDR"] = client_address(peer, str(meta.get("HTTP_X_FORWARDED_FOR", "")), networks)
        else:
            for header in FORWARDED:
                meta.pop(header, None)
        return self.get_response(request)
