"""Security headers beyond what Django's SecurityMiddleware and XFrameOptionsMiddleware send
(nosniff, Referrer-Policy, Cross-Origin-Opener-Policy, X-Frame-Options, HSTS on HTTPS):

- Content-Security-Policy from settings.CONTENT_SECURITY_POLICY on every response: scripts
  and style sheets only from this origin (no inline script, no on…= handlers, no javascript:
  URLs; page behaviours are static/js/*.js), frames refused (frame-ancestors 'none'), plugins
  off, forms post only here. CONTENT_SECURITY_POLICY_PATHS overrides it under a path prefix
  (the Swagger UI loads its bundle from a CDN).
- Permissions-Policy: the browser features the product never uses are switched off.

Under `make run` the socket is on another port of the page's host (settings.WEBSOCKET_PORT):
connect-src names it, for the host the page was asked for.

Django 5.2 has no CSP support of its own (6.0 adds SECURE_CSP, which can replace this), and
no page needs a per-request nonce, so the header is built from settings alone (plus the socket's
origin under `make run`); django-csp would add nonces and per-view decorators that nothing here
uses.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse


def header(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in policy.items())


def policy_for(request: HttpRequest) -> str:
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    for prefix, extra in getattr(settings, "CONTENT_SECURITY_POLICY_PATHS", {}).items():
        if request.path.startswith(prefix):
            policy.update(extra)
            break
    if settings.WEBSOCKET_PORT:
        try:
            policy["connect-src"] = [*policy.get("connect-src", []), socket_origin(request)]
        except DisallowedHost:  # answered 400 already; no page opens a socket from it
            pass
    return header(policy)


def socket_origin(request: HttpRequest) -> str:
    """ws(s)://<the page's host>:<WEBSOCKET_PORT>; the host is one ALLOWED_HOSTS accepted."""
    host = urlsplit(f"//{request.get_host()}").hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"{'wss' if request.is_secure() else 'ws'}://{host}:{settings.WEBSOCKET_PORT}"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy_for(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
