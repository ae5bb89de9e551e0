"""Model bugs, reported like KASAN reports kernel bugs."""
from __future__ import annotations

from typing import NoReturn


class ModelBug(AssertionError):
    """An invariant of the model broke: a bug in memcgsim, never in the script."""


def model_bug(what: str, **state) -> NoReturn:
    lines = ["=" * 66, f"BUG: memcgsim: {what}"]
    lines += [f"  {k}: {v!r}" for k, v in state.items()]
    lines.append("=" * 66)
    raise ModelBug("\n".join(lines))
