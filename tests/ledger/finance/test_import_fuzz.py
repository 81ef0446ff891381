"""Every import path answers 4xx with a reason (or a preview), never 500, whatever the file:
random bytes, truncated and mutated fixtures, hostile numbers and dates. Seeded, so a
failure repeats."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from tests.helpers import assert_error

from .statements import FIXTURES, upload

pytestmark = pytest.mark.django_db

HOSTILE = {
    "ofx": [b"", b"   \n", b"<OFX>", b"<OFX><STMTTRN><TRNAMT>1e999999<DTPOSTED>99999999</STMTTRN></OFX>",
            b"<OFX><STMTTRN><TRNAMT>NaN<DTPOSTED>20260230<FITID>" + b"x" * 5000 + b"</OFX>",
            b"<OFX><STMTTRN><TRNAMT>" + b"9" * 4000 + b"<DTPOSTED>00000000</OFX>", "<OFX>\u202e\x00".encode("utf-16"),
            b"OFXHEADER:100\nCHARSET:\xff\xfe\n\n<OFX><CURDEF>XXXX<STMTTRN><TRNAMT>-1<DTPOSTED>20260101</OFX>"],
    "qif": [b"", b"!", b"!Type:Bank\n^\n^\n", b"!Type:Invst\nD\nN\nT\n^", b"!Type:Bank\nD0/0/0\nTInfinity\n^",
            b"!Type:Bank\nD12/31/9999\nT1" + b"0" * 3000 + b"\n^", b"!Type:Bank\nD01/01/2026\nT-sNaN\n^",
            b"!Type:Invst\nD01/01/2026\nNBuy\nT1,2,3.4.5\n^", b"^\n!Account\n!Type:Cat\nNfood\n^", b"D\x00\x01"],
    "csv": [b"", b",,,\n,,,", b"date,amount\n", b"date,amount\n\"unterminated,1\n", b"date,amount\n2026-01-01,1e400",
            b"date,amount\n0001-01-01,-0\n9999-12-31,Infinity", b"\xff\xfe\x00\x00", b"date;amount\n01/13/13;(,)",
            b"date,debit,credit\n2026-01-01,5,5\n2026-01-02,,\n", b"a" * 10000, b"date,amount\n" + b"1,2\n" * 3],
}


def _cases(fmt: str) -> list[bytes]:
    rng = random.Random(f"hisaab-{fmt}")
    names = sorted(p.name for p in FIXTURES.iterdir() if p.suffix.lstrip(".") in (fmt, "qfx" if fmt == "ofx" else fmt))
    cases = list(HOSTILE[fmt])
    for name in names:
        data = (FIXTURES / name).read_bytes()
        cases.append(data[: rng.randrange(len(data))])  # cut anywhere
        mutated = bytearray(data)
        for _ in range(12):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        cases.append(bytes(mutated))
    cases += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(4)]
    return cases


@pytest.mark.parametrize("fmt", ["ofx", "qif", "csv"])
def test_garbage_statements_get_a_preview_or_a_reason_never_a_500(fmt, alice_client, inr):
    for i, content in enumerate(_cases(fmt)):
        response = upload(alice_client, inr, f"fuzz{i}.{fmt}", fmt=fmt, content=content)
        assert response.status_code in (201, 400), (i, content[:80], response.content[:300])
        if response.status_code == 400:
            assert assert_error(response, 400)["message"]
        else:
            batch = response.json()
            assert alice_client.post(f"/api/finance/imports/{batch['id']}/confirm").status_code == 200


def test_the_import_page_answers_garbage_with_the_form(alice, inr):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = Client()
    page.force_login(alice)
    for fmt in ("ofx", "qif", "csv"):
        for i, content in enumerate(HOSTILE[fmt]):
            response = page.post("/finance/import/", {"account_id": str(inr.pk), "format": fmt, "preset": "",
                                                      "file": SimpleUploadedFile(f"g{i}.{fmt}", content)})
            assert response.status_code in (200, 302), (fmt, i, response.status_code)
