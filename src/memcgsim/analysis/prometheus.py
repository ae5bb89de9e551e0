"""Snapshots' counts in the Prometheus text format, through prometheus_client's
registry and exposition: one family per metric, the snapshot's simulated time as
the label ``t`` of each sample, so several snapshots parse as one exposition."""
from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from .snapshot import Snapshot, fmt_t


class SnapshotCollector:
    """A prometheus_client collector of fixed snapshots."""

    def __init__(self, snaps: list[Snapshot]) -> None:
        self.snaps = snaps

    def collect(self):
        """The metric families, one sample per snapshot (label ``t``) and label value
        (``prometheus_client``'s collector protocol)."""
        cg = GaugeMetricFamily("memcgsim_memory_cgroups", "Memory cgroups by css state.",
                               labels=["t", "state"])
        pins = GaugeMetricFamily("memcgsim_dying_pins",
                                 "References on dying memory cgroups by holder kind.",
                                 labels=["t", "kind"])
        dying = GaugeMetricFamily("memcgsim_dying_memcgs",
                                  "Memory cgroups removed and not yet freed.", labels=["t"])
        nbytes = GaugeMetricFamily("memcgsim_dying_bytes",
                                   "Bytes the dying memory cgroups' holders keep charged.",
                                   labels=["t"])
        ids = GaugeMetricFamily("memcgsim_memcg_ids_in_use", "Memory cgroup IDs allocated.",
                                labels=["t"])
        num = GaugeMetricFamily("memcgsim_num_cgroups",
                                "num_cgroups of the memory line of /proc/cgroups.",
                                labels=["t"])
        for s in self.snaps:
            t = fmt_t(s.t)
            c = s.counts
            for state, n in c["memory_cgroups"].items():
                cg.add_metric([t, state], n)
            for kind, n in c["dying_pins"].items():
                pins.add_metric([t, kind], n)
            dying.add_metric([t], c["dying_memcgs"])
            nbytes.add_metric([t], c["dying_bytes"])
            ids.add_metric([t], c["memcg_ids_in_use"])
            num.add_metric([t], c["num_cgroups"])
        yield from (cg, pins, dying, nbytes, ids, num)


def exposition(snaps: list[Snapshot]) -> str:
    """The snapshots as one Prometheus text exposition (version 0.0.4)."""
    reg = CollectorRegistry(auto_describe=False)
    reg.register(SnapshotCollector(snaps))
    return generate_latest(reg).decode()
