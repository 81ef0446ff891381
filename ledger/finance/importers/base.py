"""What every statement parser returns, and the text decoding they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from config.phrases import sentence

MAX_ROWS = 20_000


class UnreadableFile(ValueError):
    """Why a file cannot be imported: `message` is a Sentence (English, and its message id for
    a page in another language)."""

    def __init__(self, text: str, **details: Any) -> None:
        self.message = sentence(text, **details)
        super().__init__(self.message)


@dataclass
class ParsedRow:
    line: int  # 1-based: the file's line (CSV, QIF) or the transaction's position (OFX)
    date: date | None = None
    amount: Decimal | None = None  # signed: negative is money out
    payee: str = ""
    notes: str = ""
    fitid: str | None = None
    currency: str | None = None  # when the file says which; a row in another currency is skipped
    error: str = ""


@dataclass
class Statement:
    rows: list[ParsedRow]
    currency: str | None = None  # the statement's currency when the whole file has one
    warnings: list[str] = field(default_factory=list)  # unusual things about the whole file
    settings: dict[str, Any] = field(default_factory=dict)  # what was detected or chosen

    def add(self, row: ParsedRow) -> ParsedRow:
        if len(self.rows) >= MAX_ROWS:
            raise UnreadableFile(gettext_noop("More than %(rows)s transactions in one file."), rows=MAX_ROWS)
        self.rows.append(row)
        return row


def decode_text(raw: bytes | str) -> str:
    """Statement text: UTF-8 (with or without BOM) when it is valid UTF-8, UTF-16 with a
    BOM, else Windows-1252 (what banks mean by Latin-1 almost always), else Latin-1,
    which decodes any byte. A valid UTF-8 reading of Latin-1 text with accents is
    practically impossible, so trying UTF-8 first never garbles a Latin-1 payee."""
    if isinstance(raw, str):
        return raw.lstrip("\ufeff")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(gettext_noop("The file says it is UTF-16 but is not."))
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(gettext_noop("The file is not text."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")
