"""A lazy child's counted pages kept by position (kernel/mmap.py ``Mmap.lazy_pos``): the
unmap takes them where ``_count_pages`` found them, in the list's order, as the filter of
the child's shared pages did; ``check_invariants`` verifies the positions."""
import pytest

import memcgsim.api as api
from memcgsim.kernel.bug import ModelBug
from memcgsim.kernel.invariants import check_invariants

# the seed's loop: the shell forks children, then writes its heap (COW) before they exec
LOOP = """cd /sys/fs/cgroup/memory
for i in {1..12}; do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
"""
# every 0.5 ms for 3 s: a child's window with counted pages lasts 1-1.5 ms of model
# time (from its fork to its exec's mmput of the old mm, fs/exec.c exec_mmap)
TIMES = [t / 2000 for t in range(1, 6000)]


def _counted(k):
    """The lazy children with counted pages: (child, n, done, positions)."""
    mm_ = k.mmap
    return [(c, n, done, mm_.lazy_pos[c]) for c, (_, n, done) in mm_.lazy.items() if done]


@pytest.mark.parametrize("design", ["5.13", "6.1"])
def test_positions_give_the_filtered_pages(design):
    seen = []

    def at(k, t):
        for child, n, done, pos in _counted(k):
            # what unmap_anon takes: the filter of the child's first n pages
            assert [child.anon[i] for i in sorted(pos)] == [p for p in child.anon[:n] if p in done]
            seen.append(len(done))
    api.run(LOOP, kernel=design, at=[(t, at) for t in TIMES])
    assert len(seen) >= 3


def test_stale_position_is_a_model_bug():
    fired = []

    def at(k, t):
        if fired:
            return
        counted = _counted(k)
        if counted:
            child, n, done, pos = counted[0]
            pos[0] = n      # past the pages shared at fork
            with pytest.raises(ModelBug, match="lazy_pos"):
                check_invariants(k)
            fired.append(t)
    api.run(LOOP, kernel="5.13", at=[(t, at) for t in TIMES])
    assert fired


# a pipeline: the shell forks a stage, writes (COW), forks the next while the first
# may still be lazy
PIPES = "for i in 1 2 3 4 5 6; do echo $i | cat | cat > /dev/null; x=$x$i; done\n"


@pytest.mark.parametrize("design, script", [("5.12", LOOP), ("6.1", LOOP), ("5.13", PIPES)],
                         ids=["seed-5.12", "seed-6.1", "pipes-5.13"])
def test_fresh_pages_are_no_lazy_childs(design, script):
    """``Mmap.lazy_fresh``: a parent's pages faulted since its last fork are in none of
    its lazy children's pages (``Kernel.touch`` skips looking for them there), and a
    parent has the set exactly while it has lazy children."""
    seen = []

    def at(k, t):
        mm_ = k.mmap
        assert mm_.lazy_fresh.keys() == mm_.lazy_children.keys()
        for parent, fresh in mm_.lazy_fresh.items():
            for child in mm_.lazy_children[parent]:
                assert fresh.isdisjoint(child.anon)
            seen.append(len(fresh))
    api.run(script, kernel=design, at=[(t, at) for t in TIMES])
    assert max(seen) >= 2
