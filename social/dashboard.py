"""The dashboard is assembled from panels that each app's page module registers.

social may not import the apps above it (ledger, invoicing), so they plug in here instead,
the way models plug into the change feed: `register(order, template, context)` where
`context(request)` returns the panel's template context or None to hide the panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    live: str = "*"  # entities whose changes refresh the panel


_panels: dict[str, Panel] = {}


def register(order: int, template: str, context: Callable[[HttpRequest], dict[str, Any] | None], live: str = "*") -> None:
    _panels[template] = Panel(order, template, context, live)


def panel_id(template: str) -> str:
    """A page-unique id from the template's path: "khata/_panel.html" -> "panel-khata",
    "invoicing/_panel_wallet.html" -> "panel-invoicing-wallet" (live updates swap by id)."""
    area, _, name = template.removesuffix(".html").rpartition("/")
    rest = name.lstrip("_").removeprefix("panel").strip("_")
    return "-".join(part for part in ("panel", area.replace("/", "-"), rest) if part)


def render_panels(request: HttpRequest) -> list[dict[str, Any]]:
    out = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        context = panel.context(request)
        if context is not None:
            out.append({"template": panel.template, "live": panel.live, "ctx": context, "id": panel_id(panel.template)})
    return out
