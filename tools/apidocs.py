"""``make docs``: the API reference (pdoc) of memcgsim's public modules, as HTML in
``build/api/``; exit status 1 if pdoc warns (a name it cannot import or resolve, an
annotation it cannot read)."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

#: the modules users touch; ``memcgsim.workload`` (churn) and ``memcgsim.cli`` are not in
#: the reference yet
MODULES = ["memcgsim", "memcgsim.api", "memcgsim.machine", "memcgsim.designs",
           "memcgsim.sysapi", "memcgsim.analysis", "memcgsim.shell", "memcgsim.kernel",
           "memcgsim.fs", "memcgsim.oracle"]


def build(out: Path) -> list[warnings.WarningMessage]:
    """Write the reference to ``out``; the warnings given while building it."""
    import pdoc
    import pdoc.render

    import memcgsim
    # memcgsim loads run and Result on first use: load them, so that pdoc finds them
    # in the package's namespace
    memcgsim.run, memcgsim.Result
    pdoc.render.configure(docformat="restructuredtext",
                          footer_text=f"memcgsim {memcgsim.__version__}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*MODULES, output_directory=out)
    return caught


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "build/api")
    caught = build(out)
    for w in caught:
        print(f"apidocs: warning: {w.message}", file=sys.stderr)
    if caught:
        return 1
    print(f"apidocs: {out}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
