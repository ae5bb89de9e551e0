"""renumber_items.py SESSION FIRST: the merge's last step on docs/fidelity.md. The
session's list items (``N. *(session SESSION, ...``), which each branch numbered from
its own base, are sorted by number into one run and numbered FIRST, FIRST+1, ...;
``item N`` / ``items N-M, K and L`` references in the repository's text files follow
(recordings left alone). Run once, from the repository's root; prints the map."""
import os
import re
import subprocess
import sys

session, first = sys.argv[1], int(sys.argv[2])
p = "docs/fidelity.md"
lines = open(p, encoding="utf-8").read().split("\n")
head = re.compile(r"^(\d+)\. \*\(session " + re.escape(session) + r"\b")
starts = [i for i, line in enumerate(lines) if head.match(line)]
end = next(i for i in range(starts[-1], len(lines)) if lines[i].startswith("## "))
blocks = []
for k, s in enumerate(starts):
    body = lines[s:starts[k + 1] if k + 1 < len(starts) else end]
    while body and body[-1] == "":
        body.pop()
    blocks.append((int(head.match(lines[s]).group(1)), body))
blocks.sort(key=lambda b: b[0])
lines[starts[0]:end] = [x for _, b in blocks for x in b + [""]]
doc = "\n".join(lines)
olds = [n for n, _ in blocks if n >= first]
assert len(olds) == len(set(olds)), f"an item number twice: {sorted(olds)}"
mp = {o: first + i for i, o in enumerate(olds)}
print(" ".join(f"{o}->{n}" for o, n in mp.items()))
ref = re.compile(r"\b([Ii]tems?)((?:\s*(?:\d+|[-\u2013]|,|and|or|to)\s*)+)")


def renumber(m):
    return m.group(1) + re.sub(r"\d+", lambda d: str(mp.get(int(d.group()), d.group())), m.group(2))


for f in subprocess.run(["git", "ls-files"], capture_output=True, text=True).stdout.split():
    if "/recordings/" in f or not os.path.isfile(f):
        continue
    try:
        s = doc if f == p else open(f, encoding="utf-8").read()
    except (UnicodeDecodeError, OSError):
        continue
    t = ref.sub(renumber, s)
    if f == p:
        t = re.sub(r"^(\d+)(\. \*\(session " + re.escape(session) + r"\b)",
                   lambda m: str(mp.get(int(m.group(1)), m.group(1))) + m.group(2), t, flags=re.M)
    if t != (open(f, encoding="utf-8").read()):
        open(f, "w", encoding="utf-8").write(t)
        print("rewrote", f)
