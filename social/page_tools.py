"""Plumbing shared by every app's page views (server-rendered, session login).

- `page` makes a view login-only and reads the user's change-stream head *before* the view
  reads anything, so the cursor rendered into the page is never ahead of what the page shows:
  a change committed while the page renders is re-applied by the live client, never skipped.
- Domain errors become pages: NotFound -> 404, Forbidden -> 403, others their status.
- `run_action` calls an action and turns a refusal (`DomainError` with `fields`) into errors
  on the form, next to the fields they name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from config.api.errors import DomainError, Forbidden, NotFound

T = TypeVar("T")


def stream_head(user: Any) -> int:
    from realtime.models import Stream

    return Stream.objects.filter(user=user).values_list("head", flat=True).first() or 0


def page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.stream_head = stream_head(request.user)  # type: ignore[attr-defined]
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:  # someone else's object: the page does not exist for them
            raise Http404(exc.message)
        except Forbidden as exc:
            raise PermissionDenied(exc.message)
        except DomainError as exc:  # a refusal outside a form: say it, with its status
            return render(request, "error.html", {"error": exc}, status=exc.status_code)

    return wrapper


def run_action(form: forms.Form, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """fn(*args, **kwargs), or None with the refusal attached to the form's fields."""
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        attach_errors(form, exc)
        return None


def attach_errors(form: forms.Form, exc: DomainError) -> None:
    placed = False
    for name, messages in _flatten(exc.fields):
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
        placed = placed or target is not None
    if not placed:
        form.add_error(None, exc.message)


def _flatten(fields: dict[str, Any], prefix: str = "") -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for key, value in (fields or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, prefix=""))
        elif isinstance(value, list | tuple):
            texts = [str(v) for v in value if not isinstance(v, dict)]
            for item in value:
                if isinstance(item, dict):
                    out.extend(_flatten(item))
            if texts:
                out.append((name, texts))
        else:
            out.append((name, [str(value)]))
    return out
