"""The one CSV writer for every export the product writes (groups, finance, khata, later ones).

Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` as a formula, and tab or
carriage return can smuggle one past a naive check; OWASP's rule ("CSV Injection") is to
prefix such a cell with a single quote, which spreadsheets show as text. A plain decimal
number ("-12.50") is left as it is: it cannot be a formula, and amounts must stay numbers.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\Z")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


class _Sink(Protocol):
    def write(self, text: str) -> Any: ...


class SafeWriter:
    """csv.writer with every cell passed through `safe_cell`."""

    def __init__(self, out: _Sink) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Echo:
    def write(self, text: str) -> str:
        return text


def line_writer() -> SafeWriter:
    """A writer whose `writerow` returns the CSV line instead of writing it (for streaming)."""
    return SafeWriter(_Echo())
