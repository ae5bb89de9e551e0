"""``memcgsim run`` of a script stopped at one stage, to count the instructions of each
part of the start-up under cachegrind (bench/README.md, session 15).

Run: ``PYTHONPATH=TREE/src python bench/seed_stages.py STAGE [SCRIPT]`` with STAGE one of
``cli`` (stop after ``from memcgsim import cli``: the CLI imported; since session 20 the
package imports its names at their first use, so the model is not imported yet),
``imports`` (after ``cli._collect_less``: the model and the shell imported, the
collector frozen),
``boot`` (at the end of ``Kernel.__init__`` inside ``cli.main()``) or ``all`` (the whole
run, as ``memcgsim run SCRIPT --kernel 5.13``). SCRIPT defaults to the seed.
"""
import os
import sys

stage = sys.argv.pop(1)
script = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "shared", "seed", "kmem_test.sh")
sys.argv = ["memcgsim", "run", script, "--kernel", "5.13"]
from memcgsim import cli  # noqa: E402

if stage == "cli":
    os._exit(0)
cli._collect_less()
if stage == "imports":
    os._exit(0)
if stage == "boot":
    import memcgsim.machine as machine

    _init = machine.Kernel.__init__

    def _init_then_exit(self, *args, **kwargs):
        _init(self, *args, **kwargs)
        os._exit(0)
    machine.Kernel.__init__ = _init_then_exit  # type: ignore[method-assign]
status = cli.main()
sys.stdout.flush()
os._exit(status)
