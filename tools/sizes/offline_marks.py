"""The removed memcgs at each marker of a `tools/sizes/stock_trace.py --offline` trace
(docs/fidelity.md item 241 of stock35): a memcg is removed from its
``mem_cgroup_css_offline`` (``mof``) to its ``mem_cgroup_css_free`` (``mfr``), and
each is printed with the pages its memory counter still holds (the trace's
``page_counter_try_charge`` less its ``page_counter_uncharge`` of that counter:
pages charged and not freed, a CPU's stock included; 0 with the memcg still there is
a reference no page holds: a stock caching it with no pages, a cgroup writeback...).
Set beside tools/sizes/stock_replay.py's stocks at the same markers and the model's
side, tools/sizes/model_dying_marks.py.

    python3 tools/sizes/offline_marks.py TRACE.txt[.gz]

Prints `MS MARK | N NAME(PAGES)...`; the memory counter is the lowest offset a
whole batch was charged to (``struct mem_cgroup`` starts with it on both kernels).
"""
import re
import sys
from collections import defaultdict

from stock_replay import EV, args_of, read_trace     # tools/sizes/


def main(argv: list[str]) -> int:
    """Print the removed memcgs at each marker."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    lines = read_trace(argv[0])
    sizes = [int(m.group(1)) for ln in lines for m in [re.search(r" ptc .* nr=(\d+)$", ln)] if m]
    batch = 64 if 64 in sizes else 32
    offs = {m.group(1) for ln in lines
            for m in [re.search(r" ptc .*counter=\S+\.(\w+) nr=%d$" % batch, ln)] if m}
    memory = min(offs, key=lambda o: int(o, 16)) if offs else "0d0"
    pages: dict = defaultdict(int)
    removed: dict = {}
    for ln in lines:
        m = EV.match(ln)
        if not m:
            continue
        ms, ev, rest = m.group(2), m.group(3), m.group(5)
        if ev == "mark":
            print(f"{ms:>10} {rest.strip()[:60]:60} | {len(removed)} "
                  + " ".join(f"{n}({pages[n]})" for n in sorted(removed)))
            continue
        a = args_of(rest)
        if ev in ("ptc", "pun"):
            name, _, off = a["counter"].rpartition(".")
            if off == memory:
                pages[name] += int(a["nr"]) if ev == "ptc" else -int(a["nr"])
        elif ev == "mof":
            removed[a["css"]] = True
        elif ev == "mfr":
            removed.pop(a["css"], None)
            pages.pop(a["css"], None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
