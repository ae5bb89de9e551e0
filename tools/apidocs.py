"""``make docs``: the API reference (pdoc) of memcgsim's public modules, as HTML in
``build/api/``; exit status 1 if pdoc warns (a name it cannot import or resolve, an
annotation it cannot read). The code documents attributes with ``#:`` comments above
them (Sphinx's convention): pdoc is taught to read those too."""
from __future__ import annotations

import ast
import sys
import warnings
from pathlib import Path

#: the modules users touch (the command line's own, memcgsim.cli and termtables, are not)
MODULES = ["memcgsim", "memcgsim.api", "memcgsim.machine", "memcgsim.designs",
           "memcgsim.sysapi", "memcgsim.analysis", "memcgsim.shell", "memcgsim.kernel",
           "memcgsim.fs", "memcgsim.workload", "memcgsim.oracle"]


def comment_docs(src: str, tree: ast.AST) -> dict[str, str]:
    """The ``#:`` comment lines right above each assignment of a module's or a
    class's body (or of ``self.NAME`` in its ``__init__``): name -> text."""
    lines = src.splitlines()
    nodes = [(a, False) for a in getattr(tree, "body", [])]
    for a, _ in list(nodes):
        if isinstance(a, ast.FunctionDef) and a.name == "__init__":
            nodes += [(b, True) for b in a.body]
    out = {}
    for a, in_init in nodes:
        if isinstance(a, ast.Assign) and len(a.targets) == 1:
            target = a.targets[0]
        elif isinstance(a, ast.AnnAssign):
            target = a.target
        else:
            continue
        if isinstance(target, ast.Name) and not in_init:
            name = target.id
        elif (in_init and isinstance(target, ast.Attribute)
              and isinstance(target.value, ast.Name) and target.value.id == "self"):
            name = target.attr
        else:
            continue
        doc, i = [], a.lineno - 2
        while i >= 0 and lines[i].strip().startswith("#:"):
            doc.insert(0, lines[i].strip()[2:].strip())
            i -= 1
        if doc:
            out.setdefault(name, "\n".join(doc))
    return out


def _read_comment_docs() -> None:
    """pdoc's walk of a module or class also takes the ``#:`` comments, where an
    attribute has no docstring of its own."""
    from pdoc import doc_ast
    walk = doc_ast.walk_tree

    def walk_tree(obj):
        info = walk(obj)
        src = doc_ast.get_source(obj)
        if src:
            for name, text in comment_docs(src, doc_ast.parse(obj)).items():
                info.var_docstrings.setdefault(name, text)
        return info
    doc_ast.walk_tree = walk_tree


def build(out: Path) -> list[warnings.WarningMessage]:
    """Write the reference to ``out``; the warnings given while building it."""
    import pdoc
    import pdoc.render

    import memcgsim
    # memcgsim loads run and Result on first use: load them, so that pdoc finds them
    # in the package's namespace
    memcgsim.run, memcgsim.Result
    _read_comment_docs()
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
