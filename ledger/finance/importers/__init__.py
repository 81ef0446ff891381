"""Parsing bank statements into rows (no database here), one module per format.

- `ofx`: OFX 1.x (SGML) and 2.x (XML), QFX. ofxtools validates strictly; a small tolerant
  reader takes the rows from every file, so a statement that bends the spec imports the
  same way a clean one does, with a warning per file saying what was unusual.
- `qif`: QIF, record by record, so one bad record is skipped with its line
  number while the rest imports; `!Type:Invst` records import their cash side.
- `csvfile`: CSV with a column mapping or a preset (`presets`), header names matched
  ignoring case and surrounding spaces, date format detected (`dates`).

Every parser returns a `Statement`: rows, warnings for the whole file, and the settings it
used (date order, preset) so the preview can offer the other choice. A row that cannot be
read carries an `error` and is reported as skipped with that reason; the file itself is
refused (`UnreadableFile`) only when nothing in it can be read.
"""

from __future__ import annotations

from ledger.finance.importers.base import MAX_ROWS, ParsedRow, Statement, UnreadableFile
from ledger.finance.importers.csvfile import NeedsColumns, parse_csv
from ledger.finance.importers.ofx import parse_ofx
from ledger.finance.importers.presets import PRESETS
from ledger.finance.importers.qif import parse_qif

__all__ = ["MAX_ROWS", "PRESETS", "NeedsColumns", "ParsedRow", "Statement", "UnreadableFile", "parse_csv", "parse_ofx",
           "parse_qif"]
