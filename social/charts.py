"""Charts for the pages, drawn on the server as SVG (no JavaScript, no library, printable).

Values are Decimals; the figures are laid out with floats only for geometry, never for money:
labels always show the exact amount formatted by `config.display.money`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from config import display

PALETTE = ["#0b6e4f", "#1a5fd0", "#d97706", "#b3261e", "#7c3aed", "#0891b2", "#65a30d", "#be185d"]


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[Decimal, ...]


def _amount(value: Decimal, currency: str) -> str:
    return display.money(value, currency)


def hbar_chart(items: Sequence[tuple[str, Decimal]], *, currency: str, title: str) -> SafeString:
    """Horizontal bars, one per label (spending by category)."""
    row, width, label_w = 26, 560, 150
    peak = max((v for _, v in items), default=Decimal(0)) or Decimal(1)
    height = row * max(1, len(items)) + 10
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        w = max(1.0, float(value / peak) * (width - label_w - 130))
        parts.append(f'<text x="0" y="{y + 15}">{escape(label[:22])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" rx="3" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{escape(_amount(value, currency))}</text>')
    if not items:
        parts.append(f'<text x="0" y="20">{escape(gettext("No data for this period."))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def column_chart(bars: Sequence[Bar], *, series: Sequence[str], currency: str, title: str) -> SafeString:
    """Grouped columns per label (income vs expense per month), with a legend."""
    width, height, top, bottom, left = 640, 260, 24, 40, 8
    peak = max((v for b in bars for v in b.values), default=Decimal(0)) or Decimal(1)
    n = max(1, len(bars))
    slot = (width - left * 2) / n
    col = max(4.0, slot * 0.8 / max(1, len(series)))
    plot_h = height - top - bottom
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%">',
             f"<title>{escape(title)}</title>"]
    for s, name in enumerate(series):
        parts.append(f'<rect x="{left + s * 110}" y="4" width="10" height="10" fill="{PALETTE[s]}"/>'
                     f'<text x="{left + s * 110 + 14}" y="13">{escape(name)}</text>')
    for i, bar in enumerate(bars):
        x0 = left + i * slot + slot * 0.1
        for s, value in enumerate(bar.values):
            h = float(value / peak) * plot_h
            x = x0 + s * col
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{col - 1:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(bar.label)} {escape(series[s])}: '
                         f'{escape(_amount(value, currency))}</title></rect>')
        parts.append(f'<text x="{x0:.1f}" y="{height - bottom + 16}">{escape(bar.label)}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - left}" y2="{top + plot_h}" stroke="#b9c0c8"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
