"""OFX / QFX statements, read the way banks write them.

ofxtools (maintained, strict, typed) validates each file first. Its strict reading refuses
a whole statement over metadata real banks get wrong (a bank id longer than 9 characters,
no </BANKTRANLIST>, no LEDGERBAL, an empty BALAMT, a LANGUAGE outside ISO 639, blank lines
in the SGML header, CHARSET:8859-1), and it converts DTPOSTED to UTC, which moves a
midnight transaction of a bank east of Greenwich (India: +5:30) to the day before. So the
rows of every file come from the small tolerant reader below, which only needs each
<STMTTRN> and the statement's CURDEF: a clean file and a bent one read identically, and a
file ofxtools refuses gets a warning saying what was unusual instead of a refusal. A file
is refused only when no transaction can be found in it.

Amounts are read as written (Decimal, a decimal comma allowed as OFX allows it); the
precision check against the account's currency happens at preview, per row.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

from ledger.finance.importers.base import ParsedRow, Statement, UnreadableFile, decode_text

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_.]*)[^>]*>([^<]*)")
_AMOUNT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")
# Aggregates inside a transaction whose leaves we name by path (PAYEE.NAME, CURRENCY.CURSYM).
_SUB = {"PAYEE", "CURRENCY", "ORIGCURRENCY", "BANKACCTTO", "CCACCTTO", "IMAGEDATA"}
# A tag that cannot be inside a transaction: the transaction ended without </STMTTRN>.
_OUTSIDE = {"BANKTRANLIST", "LEDGERBAL", "AVAILBAL", "STMTRS", "CCSTMTRS", "STMTTRNRS", "CCSTMTTRNRS",
            "INVBANKTRAN", "INVTRANLIST", "BALLIST", "MKTGINFO"}
_OFX_CHARSETS = {"ISO-8859-1", "1252", "NONE"}


def parse_ofx(raw: bytes | str) -> Statement:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if b"<OFX" not in data[:1_000_000].upper():
        raise UnreadableFile(gettext_noop("Not an OFX/QFX file: it has no <OFX> element."))
    text = decode_text(data)
    strict_error = _strict_error(data)
    head, body = _split(text)
    stmt = _read(body)
    if not stmt.rows:
        if strict_error:
            raise UnreadableFile(gettext_noop("No transaction could be read from this OFX/QFX file (%(why)s)."),
                                 why=strict_error)
        raise UnreadableFile(gettext_noop("No transaction could be read from this OFX/QFX file."))
    stmt.warnings = _charset_notes(head, data)
    if strict_error:
        stmt.warnings.append(
            f"The file does not follow the OFX specification ({strict_error}); its transactions were read "
            "leniently."
        )
        stmt.warnings += _quirks(head, body)
    return stmt


def _strict_error(data: bytes) -> str | None:
    """None when ofxtools reads and validates the file, else its complaint."""
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(data))
        tree.convert()
    except Exception as exc:  # ofxtools raises many kinds; all mean "not strictly valid"
        return " ".join(str(exc).split())[:200] or type(exc).__name__
    return None


def _split(text: str) -> tuple[str, str]:
    at = text.upper().find("<OFX")
    return text[:at], text[at:]


def _read(body: str) -> Statement:
    stmt = Statement(rows=[])
    currencies: list[str] = []
    trn: dict[str, str] | None = None
    sub: str | None = None
    for m in _TAG.finditer(body):
        closing, tag, value = m.group(1) == "/", m.group(2).upper(), html.unescape(m.group(3)).strip()
        if tag == "STMTTRN" or (trn is not None and tag in _OUTSIDE):
            if trn is not None:
                _add(stmt, trn, currencies[-1] if currencies else None)
            trn, sub = ({} if tag == "STMTTRN" and not closing else None), None
            continue
        if trn is None:
            if tag == "CURDEF" and not closing and value:
                currencies.append(value.upper())
        elif tag in _SUB:
            sub = None if closing else tag
        elif not closing:
            trn[f"{sub}.{tag}" if sub else tag] = value
    if trn is not None:
        _add(stmt, trn, currencies[-1] if currencies else None)
    if len(set(currencies)) == 1:
        stmt.currency = currencies[0]
    return stmt


def _add(stmt: Statement, trn: dict[str, str], currency: str | None) -> None:
    row = stmt.add(ParsedRow(line=len(stmt.rows) + 1))
    row.payee = (trn.get("NAME") or trn.get("PAYEE.NAME") or "")[:200]
    row.notes = trn.get("MEMO", "")[:2000]
    row.fitid = trn.get("FITID", "")[:255] or None
    row.currency = (trn.get("CURRENCY.CURSYM") or currency or "").upper() or None
    posted = trn.get("DTPOSTED") or trn.get("DTUSER") or ""
    m = _DATE.match(posted)
    try:
        row.date = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        row.date = None
    if row.date is None:
        row.error = f"date {posted!r} is not an OFX date" if posted else "no DTPOSTED"
        return
    amount = trn.get("TRNAMT", "")
    if not _AMOUNT.match(amount):
        row.error = f"amount {amount!r} is not a number" if amount else "no TRNAMT"
        return
    try:
        row.amount = Decimal(amount.replace(",", "."))
    except InvalidOperation:  # the pattern admits only numbers; kept for safety
        row.error = f"amount {amount!r} is not a number"


def _charset_notes(head: str, data: bytes) -> list[str]:
    m = re.search(r"^\s*CHARSET\s*:\s*(\S+)", head, re.MULTILINE | re.IGNORECASE)
    declared = m.group(1).upper() if m else None
    notes = []
    if declared and declared not in _OFX_CHARSETS:
        notes.append(f"CHARSET:{declared} is not an OFX character set name; the text was read by its bytes.")
    try:
        data.decode("ascii")
    except UnicodeDecodeError:
        try:
            data.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        says_utf8 = bool(re.search(r"UTF-8", head, re.IGNORECASE)) or declared in (None, "NONE")
        if utf8 and not says_utf8:
            notes.append(f"The header says CHARSET:{declared} but the text is UTF-8; it was read as UTF-8.")
    return notes


def _quirks(head: str, body: str) -> list[str]:
    """The known ways banks bend the spec, said plainly (ofxtools names only the first)."""
    upper = body.upper()
    notes = []
    if head.lstrip().upper().startswith("OFXHEADER") and re.search(r"\n[ \t\r]*\n\s*\S", head.strip()):
        notes.append("Blank lines inside the SGML header.")
    if (m := re.search(r"<BANKID>\s*([^<\s]+)", body, re.IGNORECASE)) and len(m.group(1)) > 9:
        notes.append(f"The bank id {m.group(1)} is longer than OFX allows (9).")
    if upper.count("<BANKTRANLIST>") > upper.count("</BANKTRANLIST>"):
        notes.append("The transaction list is not closed (no </BANKTRANLIST>).")
    if ("<STMTRS>" in upper or "<CCSTMTRS>" in upper) and "<LEDGERBAL>" not in upper:
        notes.append("No ledger balance (LEDGERBAL).")
    if re.search(r"<BALAMT>\s*(<|$)", body, re.IGNORECASE):
        notes.append("An empty balance amount (BALAMT).")
    if (m := re.search(r"<LANGUAGE>\s*([^<\s]*)", body, re.IGNORECASE)) and m.group(1).upper() != "ENG":
        notes.append(f"LANGUAGE is {m.group(1) or 'empty'}.")
    return notes
