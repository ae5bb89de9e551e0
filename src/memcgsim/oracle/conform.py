"""Value-by-value comparison of the model's output with a real kernel's.

Both outputs are split into lines; a line's *template* is the line with every number
replaced by ``#``. Lines are aligned by their templates (difflib), and the numbers of
aligned lines are compared one by one:

* counts must be equal;
* byte figures (lines matching the ``bytes`` patterns) agree within the tolerance;
* values that depend on timing may be declared as ranges the model must fall in.

A recording of a race holds several real runs (``runs = N`` in the suite): the model
agrees with it if it agrees with one of them, and a value that differs between the runs
(the same line of the same output shape) may lie anywhere in their spread.

Declarations (``# conform: ...`` lines in a recording's header, copied there from the
suite's cases.toml), one per line::

    tolerance 10% 65536      byte figures agree if |model-real| <= max(10% of real, 65536)
    bytes REGEX              numbers on lines matching REGEX are byte figures
    count REGEX              ... are counts (exact), overriding bytes
    range REGEX FIELD LO..HI the FIELDth number (1-based, or *) on matching lines must
                             lie in LO..HI in the model (the real value is only shown)
    near REGEX FIELD PCT%    the FIELDth number (or *) on matching lines agrees if the
                             model is within PCT% of the real value (a count that
                             depends on the guest's pace)
    ignore REGEX             lines matching REGEX are left out of the comparison
    precharge REGEX BYTES    byte figures on matching lines include what the per-CPU
                             charge caches hold (``memcg_stock``: up to
                             MEMCG_CHARGE_BATCH pages per CPU, invisible to user space
                             and set by the exact order of every charge): they agree if
                             |model-real| <= BYTES (declare one batch)
    pace guest               run the model at the guest's pace (``run_model``): for
                             outputs that depend on how long the script took there
    pace sched               run the model's scheduler clock (PELT) at the guest's
                             pace, its costs as calibrated: for outputs that depend on
                             where the guest placed the script's commands
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

NUM = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")

#: byte figures by default: memory.stat keys (v1 and v2) at the start of a line, and
#: *bytes* / memory.current-like names anywhere
DEFAULT_BYTES = [
    r"bytes|memory\.(current|peak|swap\.current|max|high|low|min)\b",
    r"^(total_)?(anon|file|kernel|kernel_stack|pagetables|sec_pagetables|percpu|sock|"
    r"vmalloc|shmem|zswap|zswapped|file_mapped|file_dirty|file_writeback|swapcached|"
    r"anon_thp|file_thp|shmem_thp|inactive_anon|active_anon|inactive_file|active_file|"
    r"unevictable|slab_reclaimable|slab_unreclaimable|slab|cache|rss|rss_huge|"
    r"mapped_file|dirty|writeback|swap|hierarchical_memory_limit|"
    r"hierarchical_memsw_limit)\b",
]


@dataclass
class Rules:
    rel: float = 0.0
    abs: int = 0
    bytes: list[re.Pattern] = field(default_factory=lambda: [re.compile(p) for p in DEFAULT_BYTES])
    count: list[re.Pattern] = field(default_factory=list)
    ranges: list[tuple[re.Pattern, int | None, float, float]] = field(default_factory=list)
    near: list[tuple[re.Pattern, int | None, float]] = field(default_factory=list)
    ignore: list[re.Pattern] = field(default_factory=list)
    precharge: list[tuple[re.Pattern, int]] = field(default_factory=list)
    pace: bool = False
    sched_pace: bool = False

    @classmethod
    def parse(cls, decls: list[str]) -> "Rules":
        r = cls()
        for d in decls:
            d = d.strip()
            if not d or d.startswith("#"):
                continue
            word, _, rest = d.partition(" ")
            rest = rest.strip()
            if word == "tolerance":
                parts = rest.split()
                for p in parts:
                    if p.endswith("%"):
                        r.rel = float(p[:-1]) / 100
                    else:
                        r.abs = int(p)
            elif word in ("bytes", "count", "ignore"):
                getattr(r, word).append(re.compile(_unescape(rest)))
            elif word == "pace":
                if rest not in ("guest", "sched"):
                    raise ValueError(f"bad pace declaration {d!r} (only 'pace guest' "
                                     "or 'pace sched')")
                if rest == "guest":
                    r.pace = True
                else:
                    r.sched_pace = True
            elif word == "precharge":
                m = re.fullmatch(r"(.+)\s+(\d+)", rest)
                if not m:
                    raise ValueError(f"bad precharge declaration {d!r}")
                r.precharge.append((re.compile(_unescape(m.group(1))), int(m.group(2))))
            elif word == "near":
                m = re.fullmatch(r"(.+)\s+(\d+|\*)\s+([\d.]+)%", rest)
                if not m:
                    raise ValueError(f"bad near declaration {d!r}")
                r.near.append((re.compile(_unescape(m.group(1))),
                               None if m.group(2) == "*" else int(m.group(2)),
                               float(m.group(3)) / 100))
            elif word == "range":
                m = re.fullmatch(r"(.+)\s+(\d+|\*)\s+(-?[\d.]+)\.\.(-?[\d.]+)", rest)
                if not m:
                    raise ValueError(f"bad range declaration {d!r}")
                fld = None if m.group(2) == "*" else int(m.group(2))
                r.ranges.append((re.compile(_unescape(m.group(1))), fld,
                                 float(m.group(3)), float(m.group(4))))
            else:
                raise ValueError(f"unknown conform declaration {d!r}")
        return r

    def kind(self, line: str) -> str:
        if any(p.search(line) for p in self.count):
            return "count"
        return "bytes" if any(p.search(line) for p in self.bytes) else "count"

    def range_for(self, line: str, i: int):
        for p, fld, lo, hi in self.ranges:
            if p.search(line) and (fld is None or fld == i + 1):
                return lo, hi
        return None

    def near_for(self, line: str, i: int) -> float | None:
        for p, fld, rel in self.near:
            if p.search(line) and (fld is None or fld == i + 1):
                return rel
        return None

    def tolerance(self, line: str, real: float) -> float:
        tol = max(self.rel * abs(real), self.abs)
        return max([tol] + [b for p, b in self.precharge if p.search(line)])

    def ignored(self, line: str) -> bool:
        return any(p.search(line) for p in self.ignore)


def _unescape(s: str) -> str:
    return s.replace(r"\t", "\t")


def template(line: str) -> str:
    """A line without its numbers; padding around a number (printf's ``%5d``) is
    folded, since it follows the number's width."""
    return re.sub(r" +#", " #", NUM.sub("#", line))


def numbers(line: str) -> list[float]:
    return [float(x) for x in NUM.findall(line)]


@dataclass
class Item:
    stream: str          # stdout, stderr, status
    line: int            # 1-based line in the real output (0: none)
    real: str            # real line (or value)
    model: str
    field: int = 0       # 1-based number index in the line (0: whole line)
    kind: str = "text"   # count, bytes, range, text, status
    verdict: str = "agree"   # agree, within, in-range, in-spread, differs, missing, extra

    @property
    def ok(self) -> bool:
        return self.verdict in ("agree", "within", "in-range", "in-spread")

    def describe(self) -> str:
        if self.kind == "status":
            return f"exit status: real {self.real}, model {self.model}"
        if self.verdict in ("missing", "extra"):
            which = "only on the real kernel" if self.verdict == "missing" else "only in the model"
            return f"{self.stream}:{self.line}: {which}: {(self.real or self.model)!r}"
        if self.field:
            return (f"{self.stream}:{self.line} #{self.field} ({self.kind}) {self.verdict}: "
                    f"real {_fmt(self.real)}, model {_fmt(self.model)}  [{self.context}]")
        return f"{self.stream}:{self.line}: {self.verdict}: real {self.real!r}, model {self.model!r}"

    context: str = ""


def _fmt(v) -> str:
    try:
        f = float(v)
        return str(int(f)) if f == int(f) else str(f)
    except (TypeError, ValueError):
        return str(v)


Spread = dict[tuple[str, str, int, int], tuple[float, float]]


def _keyed_lines(text: str, rules: Rules):
    """The lines compared, each with its key: template and occurrence of that template."""
    seen: dict[str, int] = {}
    # lines end at LF only: a CR (a CRLF script's output) is part of its line
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, line in enumerate(lines):
        if rules.ignored(line):
            continue
        t = template(line)
        seen[t] = k = seen.get(t, 0) + 1
        yield i + 1, line, (t, k)


def spread(runs, rules: Rules) -> Spread:
    """(stream, template, occurrence, field) -> (lowest, highest) over the real runs,
    for the values that differ between them."""
    vals: dict[tuple, list[float]] = {}
    for run in runs:
        for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
            for _, line, (t, k) in _keyed_lines(text, rules):
                for i, v in enumerate(numbers(line)):
                    vals.setdefault((stream, t, k, i), []).append(v)
    return {key: (min(v), max(v)) for key, v in vals.items() if min(v) != max(v)}


def compare_text(real: str, model: str, rules: Rules, stream: str = "stdout",
                 spread: Spread | None = None) -> list[Item]:
    rl = list(_keyed_lines(real, rules))
    ml = list(_keyed_lines(model, rules))
    by_line: dict[tuple[str, int], dict[int, tuple[float, float]]] = {}
    for (s, t, k, i), v in (spread or {}).items():
        if s == stream:
            by_line.setdefault((t, k), {})[i] = v
    sm = difflib.SequenceMatcher(a=[key[0] for _, _, key in rl],
                                 b=[key[0] for _, _, key in ml], autojunk=False)
    items: list[Item] = []
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            for (n, r, key), (_, m, _) in zip(rl[a0:a1], ml[b0:b1]):
                items.extend(_compare_line(stream, n, r, m, rules, by_line.get(key)))
            continue
        # unequal: pair lines positionally, extra ones are missing/extra
        for k in range(max(a1 - a0, b1 - b0)):
            r = rl[a0 + k] if a0 + k < a1 else None
            m = ml[b0 + k] if b0 + k < b1 else None
            if r and m:
                items.append(Item(stream, r[0], r[1], m[1], verdict="differs"))
            elif r:
                items.append(Item(stream, r[0], r[1], "", verdict="missing"))
            else:
                items.append(Item(stream, 0, "", m[1], verdict="extra"))
    return items


def _compare_line(stream, n, r, m, rules, spr: dict | None = None) -> list[Item]:
    rv, mv = numbers(r), numbers(m)
    if not rv:
        return [Item(stream, n, r, m, verdict="agree")]
    kind = rules.kind(r)
    out = []
    ctx = r if len(r) <= 60 else r[:57] + "..."
    for i, (a, b) in enumerate(zip(rv, mv)):
        rng = rules.range_for(r, i)
        rel = rules.near_for(r, i)
        if rng is not None:
            verdict = "in-range" if rng[0] <= b <= rng[1] else "out-of-range"
            k = f"range {_fmt(rng[0])}..{_fmt(rng[1])}"
        elif rel is not None:
            verdict = "agree" if a == b else ("within" if abs(a - b) <= rel * abs(a) else "differs")
            k = f"near {_fmt(rel * 100)}%"
        elif kind == "bytes":
            if a == b:
                verdict = "agree"
            else:
                verdict = "within" if abs(a - b) <= rules.tolerance(r, a) else "differs"
            k = "bytes"
        else:
            verdict, k = ("agree" if a == b else "differs"), "count"
        if verdict == "differs" and spr and i in spr:
            lo, hi = spr[i]
            if lo <= b <= hi:
                verdict, k = "in-spread", f"real runs {_fmt(lo)}..{_fmt(hi)}"
        out.append(Item(stream, n, str(a), str(b), i + 1, k, verdict, context=ctx))
    return out


def compare(real_out: str, real_err: str, real_status: int, model_out: str, model_err: str,
            model_status: int, rules: Rules, spread: Spread | None = None) -> list[Item]:
    items = compare_text(real_out, model_out, rules, "stdout", spread)
    items += compare_text(real_err, model_err, rules, "stderr", spread)
    items.append(Item("status", 0, str(real_status), str(model_status), kind="status",
                      verdict="agree" if real_status == model_status else "differs"))
    return items


def compare_runs(runs, model, rules: Rules) -> tuple[int, list[Item]]:
    """Compare the model with each real run (objects with stdout, stderr, status);
    ``model`` is the model's result (the same attributes), or a function giving it for
    a run (``pace guest``: the model at that run's pace). Returns the index of the run
    it agrees with best (the first of the closest) and that comparison."""
    spr = spread(runs, rules) if len(runs) > 1 else None
    best: tuple[int, int, list[Item]] | None = None
    for n, run in enumerate(runs):
        m = model(run) if callable(model) else model
        items = compare(run.stdout, run.stderr, run.status, m.stdout, m.stderr, m.status,
                        rules, spr)
        bad = sum(not i.ok for i in items)
        if best is None or bad < best[0]:
            best = (bad, n, items)
        if not bad:
            break
    return best[1], best[2]


def summarize(items: list[Item]) -> dict:
    vals = [i for i in items if i.field]
    return {"values": len(vals), "values_agree": sum(i.ok for i in vals),
            "lines_text_differ": sum(1 for i in items if not i.field and not i.ok
                                     and i.kind != "status"),
            "status_agree": all(i.ok for i in items if i.kind == "status"),
            "disagreements": sum(1 for i in items if not i.ok)}
