"""A bash subset that runs real reproducer scripts against the simulated kernel."""
from .interp import Result, Shell, run_script

__all__ = ["Shell", "Result", "run_script"]
