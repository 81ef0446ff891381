"""Security headers beyond what Django's SecurityMiddleware and XFrameOptionsMiddleware send
(nosniff, Referrer-Policy, Cross-Origin-Opener-Policy, X-Frame-Options, HSTS on HTTPS):

- Content-Security-Policy from settings.CONTENT_SECURITY_POLICY on every response: scripts
  and style sheets only from this origin (no inline script, no on…= handlers, no javascript:
  URLs; page behaviours are static/js/*.js), frames refused (frame-ancestors 'none'), plugins
  off, forms post only here. CONTENT_SECURITY_POLICY_PATHS overrides it under a path prefix
  (the Swagger UI loads its bundle from a CDN).
- Permissions-Policy: the browser features the product never uses are switched off.

Django 5.2 has no CSP support of its own (6.0 adds SECURE_CSP, which can replace this), and
no page needs a per-request nonce, so the header is a fixed string built once from settings;
django-csp would add nonces and per-view decorators that nothing here uses.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def header(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in policy.items())


def policy_for(path: str) -> str:
    base = settings.CONTENT_SECURITY_POLICY
    for prefix, extra in getattr(settings, "CONTENT_SECURITY_POLICY_PATHS", {}).items():
        if path.startswith(prefix):
            return header({**base, **extra})
    return header(base)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy_for(request.path)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
