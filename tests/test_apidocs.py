"""tools/apidocs.py: the ``#:`` comments pdoc is taught to read (make docs)."""
import ast
import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "apidocs", Path(__file__).parent.parent / "tools" / "apidocs.py")
apidocs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(apidocs)

SRC = '''class C:
    #: the first
    #: of two lines
    a: int = 1
    # a plain comment
    b = 2
    #: not above an assignment

    def __init__(self):
        #: set in __init__
        self.c = 3
        self.d = 4
        #: a local, not an attribute
        e = 5
'''


def test_comment_docs_of_a_class():
    tree = ast.parse(SRC).body[0]
    assert apidocs.comment_docs(SRC, tree) == {"a": "the first\nof two lines",
                                               "c": "set in __init__"}
