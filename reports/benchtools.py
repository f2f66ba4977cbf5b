"""Shared bits of the benchmark commands."""

from __future__ import annotations

from decimal import Decimal

from indicators.numbers import format_number


def vn(value: float, places: int) -> str:
    """A timing the Vietnamese way (9,84), through the project's one number formatter."""
    return format_number(Decimal(str(round(value, places))), places)


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
