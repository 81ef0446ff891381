"""Reading CSV a person uploaded: rows numbered as a spreadsheet shows them (the header is
row 1), and a row csv cannot read (a field over csv's size limit, a NUL byte) reported with
its number instead of escaping as a 500."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class UnreadableRow(ValueError):
    def __init__(self, row: int, reason: str) -> None:
        super().__init__(f"Row {row}: {reason}.")
        self.row = row


def numbered(reader: Iterable[T], *, first: int = 2) -> Iterator[tuple[int, T]]:
    """(row number, row) pairs; raises UnreadableRow for the row that csv refuses."""
    rows = iter(reader)
    number = first
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableRow(number, str(exc)) from exc
        yield number, row
        number += 1
