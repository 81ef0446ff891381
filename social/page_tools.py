"""Plumbing shared by every app's page views (server-rendered, session login).

- `page` makes a view login-only and reads the user's change-stream head *before* the view
  reads anything, so the cursor rendered into the page is never ahead of what the page shows:
  a change committed while the page renders is re-applied by the live client, never skipped.
- Domain errors become pages: NotFound -> 404, Forbidden -> 403, others their status.
- `query_date` / `query_range` / `posted_version` read a page's own parameters: an impossible
  date, a reversed or overlong range or a non-numeric version is a 400 page, as in the API.
- `run_action` calls an action and turns a refusal (`DomainError` with `fields`) into errors
  on the form, next to the fields they name.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from config import refusals
from config.api.errors import DomainError, Forbidden, Invalid, NotFound
from config.phrases import Sentence
from config.text import field_problems

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
            raise PermissionDenied(refusals.say(exc))
        except DomainError as exc:  # a refusal outside a form: say it, with its status
            return render(request, "error.html", {"reason": refusals.say(exc)}, status=exc.status_code)

    return wrapper


# Dates a page accepts (as the API's date fields): calendar arithmetic on them never overflows.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
MAX_RANGE_DAYS = 366 * 20  # as the API's report ranges


def query_date(request: HttpRequest, name: str) -> dt.date | None:
    """The date in ?name=YYYY-MM-DD, None when absent; an impossible date is a 400."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"{raw[:20]!r} is not a date.", fields={name: ["Use a real date, YYYY-MM-DD."]})
    if not EARLIEST <= day <= LATEST:
        raise Invalid(f"Dates run from {EARLIEST} to {LATEST}.", fields={name: [f"From {EARLIEST} to {LATEST}."]})
    return day


def check_range(start: dt.date | None, end: dt.date | None, start_name: str = "start") -> None:
    if start and end and start > end:
        raise Invalid("The start of the range is after its end.", fields={start_name: ["Must be on or before the end."]})
    if start and end and (end - start).days > MAX_RANGE_DAYS:
        raise Invalid("The range is too long (20 years at most).", fields={start_name: ["Too far back."]})


def query_range(request: HttpRequest, start: str = "start", end: str = "end") -> tuple[dt.date | None, dt.date | None]:
    """(?start, ?end), each None when absent; impossible, reversed or overlong is a 400."""
    first, last = query_date(request, start), query_date(request, end)
    check_range(first, last, start)
    return first, last


def posted_version(request: HttpRequest, default: int) -> int:
    """The `version` a page form posted (optimistic concurrency); not a number is a 400."""
    raw = request.POST.get("version") or ""
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise Invalid("The form's version is not a number.", fields={"version": ["Must be a whole number."]})
    return int(raw)


def run_action(form: forms.Form, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """fn(*args, **kwargs), or None with the refusal attached to the form's fields (hostile
    text, config/text.py, is refused here for every page form)."""
    problems = field_problems(getattr(form, "cleaned_data", None) or {})
    if problems:
        attach_errors(form, Invalid("Some text cannot be accepted.", fields=problems))
        return None
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        attach_errors(form, exc)
        return None


def rate_limited(form: forms.Form, action: str, key: str) -> bool:
    """True when `action` by `key` is within its hourly ceiling (social.login_guard.limit);
    otherwise False, with the refusal on the form."""
    from django.conf import settings
    from rest_framework.exceptions import Throttled

    from social import login_guard

    ceilings = {"register": settings.REGISTRATIONS_PER_ADDRESS_HOUR, "invite": settings.INVITE_ACCEPTS_PER_USER_HOUR}
    try:
        login_guard.limit(action, key, per_hour=ceilings[action])
    except Throttled as exc:
        form.add_error(None, _("Too many attempts. Try again in %(seconds)d seconds.") % {"seconds": exc.wait})
        return False
    return True


def attach_errors(form: forms.Form, exc: DomainError) -> None:
    words = refusals.in_page_language(exc)
    if exc.message in refusals.FIXED and refusals.english() and any(n in form.fields for n, __ in _flatten(exc.fields)):
        words = None  # in English the field messages, which say more than the one sentence
    if words is not None:  # one sentence in the page's language, on the first field it names
        names = [name for name, __ in _flatten(exc.fields) if name in form.fields]
        form.add_error(names[0] if names else None, words)
        return
    placed = False
    for name, messages in _flatten(exc.fields):
        target = name if name in form.fields else None
        for message in messages:  # ours are in the catalogue (refusals.FIELD_MESSAGES, phrases); others pass through
            form.add_error(target, message.render() if isinstance(message, Sentence) else _(message) if message else message)
        placed = placed or target is not None
    if not placed:
        form.add_error(None, refusals.say(exc))


def _flatten(fields: dict[str, Any], prefix: str = "") -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for key, value in (fields or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flatten(value, prefix=""))
        elif isinstance(value, list | tuple):
            texts = [v if isinstance(v, Sentence) else str(v) for v in value if not isinstance(v, dict)]
            for item in value:
                if isinstance(item, dict):
                    out.extend(_flatten(item))
            if texts:
                out.append((name, texts))
        else:
            out.append((name, [str(value)]))
    return out
