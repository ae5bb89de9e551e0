"""Human units for tables, plots and reports."""
from __future__ import annotations

MiB = 2**20


def human_bytes(n) -> str:
    """``0 B``, ``512 B``, ``1.5 KiB``, ``12.3 MiB``, ``1.20 GiB`` (binary units)."""
    n = float(n or 0)
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if abs(n) >= scale:
            v = n / scale
            return f"{v:.2f} {unit}" if unit == "GiB" else f"{v:.1f} {unit}"
    return f"{int(n)} B"


def human_count(n) -> str:
    """An integer with thin thousands separators (``12,345``)."""
    return f"{int(n):,}"
