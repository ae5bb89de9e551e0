"""A bash subset that runs real reproducer scripts against the simulated kernel."""
from ..lazyimport import lazy_submodules

# loaded when a script first uses them (memcgsim.lazyimport): the ash family's
# modules (busybox sh's and dash's messages, job table, builtins' words), the
# arithmetic evaluator, test/[, pushd/popd, set -x's traces, $(...)'s second parse,
# a failed fork's retries and job control (set -m, fg/bg, wait, kill %N, a stopped
# foreground job); a bash script may run none of them
lazy_submodules(__name__, ("arith", "ash", "ashjobs", "bashtest", "dash", "dirstack", "dolparen",
                           "forkretry", "jobcontrol", "testexpr", "xtrace"))

from .interp import Result, Shell, run_script  # noqa: E402

__all__ = ["Shell", "Result", "run_script"]
