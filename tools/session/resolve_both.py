"""resolve_both.py FILE [ours-theirs|theirs-ours] [--sep]: resolve every conflict hunk
in FILE by keeping both sides (a diff3 hunk's base dropped): appended sections and list
items that two branches added at one place; ``--sep`` a blank line between them (not
in a table)."""
import sys
path, order = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else "ours-theirs")
sep = "--sep" in sys.argv
out, ours, base, theirs, state = [], [], [], [], None
n = 0
for line in open(path, encoding="utf-8").read().split("\n"):
    if state is None and line.startswith("<<<<<<< "):
        state, ours, base, theirs = "ours", [], [], []
    elif state == "ours" and line.startswith("||||||| "):
        state = "base"
    elif state in ("ours", "base") and line == "=======":
        state = "theirs"
    elif state == "theirs" and line.startswith(">>>>>>> "):
        a, b = (ours, theirs) if order == "ours-theirs" else (theirs, ours)
        while a and a[-1] == "" and sep:
            a.pop()
        out.extend(a + ([""] if sep and a and b else []) + b)
        state, n = None, n + 1
    elif state == "ours":
        ours.append(line)
    elif state == "base":
        base.append(line)
    elif state == "theirs":
        theirs.append(line)
    else:
        out.append(line)
assert state is None, "unterminated hunk"
open(path, "w", encoding="utf-8").write("\n".join(out))
print(f"{path}: {n} hunks resolved")
