"""Numbers packed 4 bytes each, as the model's compact columns keep them
(``HeldStructs``, ``PcpuAreas``): ``struct`` packs a run of ints with one call,
where ``array('i')`` parses each item (``PyArg_Parse``, ~460 instructions a
store in CPython 3.11, bench/README.md session 24)."""
from __future__ import annotations

from struct import Struct, error as StructError

#: a run's packer by its length (runs are short: a few lengths recur)
_PACKERS: dict[int, object] = {}
#: how many lengths :data:`_PACKERS` keeps
PACKERS_MAX = 1024


def pack_i32(nums) -> bytes:
    """``nums`` (a sequence of ints) as native 4-byte signed ints, the bytes
    ``array('i', nums).tobytes()`` holds. Raises OverflowError, as that array
    does, if one does not fit."""
    n = len(nums)
    pack = _PACKERS.get(n)
    if pack is None:
        if len(_PACKERS) >= PACKERS_MAX:
            _PACKERS.clear()
        pack = _PACKERS[n] = Struct(f"{n}i").pack
    try:
        return pack(*nums)          # type: ignore[operator]
    except StructError:
        raise OverflowError("signed integer is greater than maximum") from None
