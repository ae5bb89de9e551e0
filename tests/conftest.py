"""Signal dispositions as a terminal's shell gives them: a test suite started in the
background of a non-interactive shell inherits SIGINT and SIGQUIT ignored, which
execve keeps, so the host's bash (compared with the model) and `memcgsim run`
children would not die of them; they are reset here."""
import signal

import pytest

if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
if signal.getsignal(signal.SIGQUIT) == signal.SIG_IGN:
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def _warm_reads(k, t) -> None:
    """The reads and writes the /proc/meminfo tests measure with, done once first:
    their first open on a CPU takes the slabs its objects need there
    (kernel/open_objects.py), which later ones reuse; then two seconds (the second
    after a CPU's update folds at once, kernel/vmstat_diff.py ``quiet_vmstat``)."""
    k.write("/proc/sys/vm/stat_refresh", "1\n", t)
    k.read("/proc/sys/vm/stat_refresh", t)
    k.read("/proc/meminfo", t)
    k.advance(2.0)


@pytest.fixture
def warm_reads():
    """:func:`_warm_reads`, for a test to call on its kernel and task."""
    return _warm_reads
