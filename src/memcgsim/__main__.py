"""``python -m memcgsim``: the same command line as ``memcgsim``."""
from memcgsim.cli import console

console()
