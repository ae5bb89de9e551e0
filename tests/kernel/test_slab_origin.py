"""The model's SLUB (kernel/slub.py) against the guests' own order of task_struct
allocations and frees over cgroup-cost.sh's 1000 mkdirs at 8 CPUs
(tools/sizes/slab-origin-trace.sh, tools/sizes/slab_origin.py; docs/fidelity.md item
73): fed the guest's order it makes the guest's new slabs, fed the model's (each task
freed after the fork that follows its reap) it makes one."""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECORDINGS = os.path.join(ROOT, "tools", "sizes", "recordings")
TRACE = os.path.join(RECORDINGS, "slab-origin-trace--6.1-v2-8cpu.txt.gz")


def _tool():
    spec = importlib.util.spec_from_file_location(
        "slab_origin", os.path.join(ROOT, "tools", "sizes", "slab_origin.py"))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_the_guests_order_makes_the_guests_task_struct_slabs():
    """/sys/kernel/slab/task_struct/slabs went 43 -> 56 over the mkdirs on the guest
    (the recording's `lists s0` and `s1`); its order through the model's SLUB makes
    11 (the trace's forks and frees as sched_process_fork/_free, one event before the
    slab's own) with as many ``put_cpu_partial`` from frees into full slabs as the
    guest's kprobe counted, 184; every task freed after the next fork, as in the
    model, makes 1 and none."""
    tool = _tool()
    order, cpus = tool.guest_task_order(TRACE)
    assert cpus == 8 and sum(1 for o in order if o[0] == "A") == 1000
    waits = tool.fork_waits(order)
    assert min(waits) >= 1 and sorted(waits)[len(waits) // 2] == 2
    slabs, _, events = tool.replay_slabs(order, cpus, "6.1")
    assert (slabs, events.get("pcp1")) == (11, 184)
    slabs, _, events = tool.replay_slabs(tool.freed_later(order, 1), cpus, "6.1")
    assert (slabs, events) == (1, {})


def test_the_guests_order_on_5_10_through_the_models_objects_counted_lists():
    """5.10's per-CPU partial lists count free objects (``s->cpu_partial`` 2 for
    task_struct): its guest went 28 -> 44 task_struct slabs over the mkdirs at 8
    CPUs with 137 ``put_cpu_partial`` from frees; its order through the model's
    5.10 SLUB makes 15 and 128; each task freed after the next fork, 5 and none."""
    tool = _tool()
    order, cpus = tool.guest_task_order(
        os.path.join(RECORDINGS, "slab-origin-trace--5.10-v2-8cpu.txt.gz"))
    assert cpus == 8
    slabs, _, events = tool.replay_slabs(order, cpus, "5.10")
    assert (slabs, events.get("pcp1")) == (15, 128)
    slabs, _, events = tool.replay_slabs(tool.freed_later(order, 1), cpus, "5.10")
    assert (slabs, events) == (5, {})
