"""Shared bits of the benchmark commands."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from decimal import Decimal

from openpyxl import Workbook

from indicators.numbers import format_number


def vn(value: float, places: int) -> str:
    """A timing the Vietnamese way (9,84), through the project's one number formatter."""
    return format_number(Decimal(str(round(value, places))), places)


def zip_bomb_xlsx(inflated_mb: int = 1260) -> bytes:
    """A workbook of about 1 MB whose one cell's text inflates to ``inflated_mb`` MB.

    The shape of the file from issue 10 (1,2 MB → 1,26 GB), and a valid one: its CRC is right, so a
    reader without the size checks would really inflate it. Built without compressing a gigabyte:
    one megabyte of "A" is deflated once, with a full flush (no reference to earlier data), and that
    block is repeated; only the CRC walks the whole text (about 0,4 s for 1,26 GB).
    """
    base = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "x"  # the cell whose text becomes the bomb
    book.save(base)
    sheet_name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(base) as source:
        sheet = source.read(sheet_name)
    if sheet.count(b"<t>x</t>") != 1:  # openpyxl writes the text inline: <c r="A1" t="inlineStr"><is><t>x</t>
        raise ValueError("unexpected sheet XML from openpyxl")
    chunk = b"A" * (1 << 20)
    prefix, suffix = sheet.split(b"<t>x</t>")
    prefix += b"<t>"
    suffix = b"</t>" + suffix
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(prefix) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = deflate.compress(suffix) + deflate.flush(zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(inflated_mb):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    bomb = (head + block * inflated_mb + tail, len(prefix) + len(chunk) * inflated_mb + len(suffix), crc)
    members: list[tuple[str, bytes, int, int]] = []  # name, deflated bytes, size, crc
    with zipfile.ZipFile(base) as source:
        for info in source.infolist():
            if info.filename == sheet_name:
                members.append((info.filename, *bomb))
                continue
            raw = source.read(info)
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((info.filename, packer.compress(raw) + packer.flush(), len(raw), zlib.crc32(raw)))
    return _zip_of(members)


def _zip_of(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive (deflated members, no zip64) from already deflated members."""
    out = io.BytesIO()
    central = io.BytesIO()
    for name, deflated, size, crc in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(deflated), size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(deflated)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(deflated),
                                  size, len(encoded), 0, 0, 0, 0, 0, offset))
        central.write(encoded)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central.getvalue()),
                          start, 0))
    return out.getvalue()
def database_label() -> str:
    """Which database the timings were taken on: "PostgreSQL 15.8 (tracker)", "SQLite 3.40.1 (db.sqlite3)"."""
    from django.db import connection

    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version  # e.g. 150008
        return f"PostgreSQL {version // 10000}.{version % 10000} ({name})"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({name.rsplit('/', 1)[-1]})"
    return f"{connection.vendor} ({name})"
