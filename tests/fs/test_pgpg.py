"""/proc/vmstat's pgpgin/pgpgout: the sectors of the block I/O the model submits
(``submit_bio``'s ``count_vm_events``, halved by ``vmstat_start``), against the
guests' recordings of tests/conformance/scripts/memviews-workload.sh (a sync of
400 one-line files on ext4 after drop_caches)."""
import os

import pytest

from memcgsim.oracle.cli import run_model

HERE = os.path.dirname(__file__)
CONF = os.path.join(HERE, "..", "conformance")


def _recorded(kernel: str, name: str) -> list[int]:
    path = os.path.join(CONF, "recordings", f"memviews-workload--{kernel}-v2.txt")
    with open(path) as f:
        return [int(ln.split()[2]) for ln in f if ln.startswith(f"vmstat {name} ")]


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_pgpg_follow_the_block_io(kernel):
    with open(os.path.join(CONF, "scripts", "memviews-workload.sh")) as f:
        text = f.read()
    res = run_model(text, "memviews-workload.sh", kernel, "v2", 2)
    res = res[0] if isinstance(res, tuple) else res
    got = {ln.split()[1]: int(ln.split()[2]) for ln in res.stdout.splitlines()
           if ln.startswith("vmstat pgpg")}
    # the reads after drop_caches: the bitmaps and directory blocks ext4 looks at
    # (new inode table blocks, INODE_UNINIT/BLOCK_UNINIT bitmaps made in memory)
    assert got["pgpgin"] in _recorded(kernel, "pgpgin")
    # the data pages, the journal's commits (descriptor, metadata and commit blocks)
    # and the metadata written home at the sync: within 10 % of every guest run
    for want in _recorded(kernel, "pgpgout"):
        assert abs(got["pgpgout"] - want) <= want // 10, (got, want)
