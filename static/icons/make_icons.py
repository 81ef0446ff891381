"""Draw the app icons (static/icons/icon-{192,512}.png) with the standard library alone.

Run from the repository root: `python3 static/icons/make_icons.py`. The PNGs are committed;
this script only documents how they were made (a rupee-green square with a white ledger mark).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

GREEN, WHITE = (15, 118, 110), (255, 255, 255)


def pixel(x: float, y: float) -> tuple[int, int, int]:
    """x, y in 0..1: a rounded page with three ruled lines and a margin line."""
    if 0.22 <= x <= 0.78 and 0.16 <= y <= 0.84:
        if 0.32 <= x <= 0.35 and 0.22 <= y <= 0.78:  # margin
            return GREEN
        for line in (0.34, 0.5, 0.66):
            if 0.40 <= x <= 0.70 and abs(y - line) <= 0.025:
                return GREEN
        return WHITE
    return GREEN


def png(size: int) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel((i + 0.5) / size, (j + 0.5) / size)) for i in range(size))
        for j in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for size in (192, 512):
        (here / f"icon-{size}.png").write_bytes(png(size))
