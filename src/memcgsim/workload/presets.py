"""Shipped workloads. Rates and sizes are plausible shapes, not measurements of a
particular fleet; override any of them with ``--set key=value`` or a TOML file."""
from __future__ import annotations

from .spec import Dist, Job, Workload


def k8s_node() -> Workload:
    """A Kubernetes node: pods arriving per hour under kubepods.slice (cgroup v2),
    long-running services and short batch pods; each pod reads its image's shared
    files (page cache charged to the first pod of that image)."""
    return Workload(
        name="k8s-node",
        description="Kubernetes node: service and batch pods under kubepods.slice (v2)",
        cgroup="v2", parent="kubepods.slice", hours=24.0, sample_interval=300.0,
        jobs=[
            Job(name="svc", rate_per_hour=12.0, lifetime=Dist("lognormal", 3 * 3600.0, sigma=1.0),
                tasks=12, exec_program="sleep", anon_pages=512, shared_pages=256, files=8,
                negative_dentries=20, sockets=16),
            Job(name="batch", rate_per_hour=48.0, lifetime=Dist("exp", 600.0), tasks=6,
                anon_pages=256, cache_pages=64, shared_pages=128, files=4,
                negative_dentries=40, sockets=2),
        ])


def ci_runner() -> Workload:
    """A CI runner: page-cache-heavy builds (checkout and artifacts kept in the
    workspace, toolchain shared), caches dropped every 4 hours."""
    return Workload(
        name="ci-runner", description="CI runner: page-cache-heavy builds, drop_caches every 4 h",
        cgroup="v2", parent="runner.slice", hours=24.0, sample_interval=300.0,
        drop_caches_every=4 * 3600.0,
        jobs=[Job(name="build", rate_per_hour=30.0, lifetime=Dist("uniform", lo=300.0, hi=1200.0),
                  tasks=8, exec_program="sleep", anon_pages=512, cache_pages=512,
                  keep_files=True, shared_pages=512, files=32, negative_dentries=200,
                  sockets=4)])


def systemd_timers() -> Workload:
    """systemd timer units in system.slice (cgroup v2): a frequent one and a few
    hourly and daily ones, each a fresh cgroup per run (``--set
    jobs.*.reuse_cgroup=true`` for persistent cgroups)."""
    return Workload(
        name="systemd-timers", description="systemd timers in system.slice (v2)",
        cgroup="v2", parent="system.slice", hours=24.0, sample_interval=300.0,
        jobs=[
            Job(name="sysstat-collect", rate_per_hour=6.0, arrival="fixed",
                lifetime=Dist("fixed", 2.0), tasks=2, anon_pages=64, cache_pages=4,
                keep_files=True, negative_dentries=5),
            Job(name="logrotate", rate_per_hour=1.0, arrival="fixed",
                lifetime=Dist("uniform", lo=5.0, hi=30.0), tasks=3, anon_pages=128,
                cache_pages=256, keep_files=True, shared_pages=64, negative_dentries=30),
            Job(name="apt-daily", rate_per_hour=2 / 24, arrival="fixed",
                lifetime=Dist("uniform", lo=60.0, hi=600.0), tasks=8, exec_program="sleep",
                anon_pages=4096, cache_pages=4096, keep_files=True, shared_pages=2048,
                files=64, negative_dentries=500, sockets=8),
            Job(name="man-db", rate_per_hour=1 / 24, arrival="fixed",
                lifetime=Dist("fixed", 120.0), tasks=2, anon_pages=512,
                shared_pages=8192, negative_dentries=100),
        ])


def seed_loop() -> Workload:
    """The cover letter's script as a workload: 500 iterations, cgroup v1, each
    leaving a ``sleep 3600`` helper moved to the root before ``rmdir``."""
    return Workload(
        name="seed-loop", description="the seed script: 500 x (mkdir, sleep 3600 &, move out, rmdir)",
        cgroup="v1", parent="", move_charge=True, hours=2.0, sample_interval=60.0,
        jobs=[Job(name="kmem_test", rate_per_hour=3600.0, arrival="fixed", max_instances=500,
                  lifetime=Dist("fixed", 0.01), tasks=1, init_program="bash", anon_pages=0,
                  helper=True, helper_lifetime=3600.0)])


def v1_helpers() -> Workload:
    """The seed's pattern at host scale: cgroup v1 jobs (cron-like) that each leave
    a long-lived helper daemon, moved out before ``rmdir``; no page cache."""
    return Workload(
        name="v1-helpers", description="v1 jobs leaving a helper daemon (the seed's pattern)",
        cgroup="v1", parent="jobs", move_charge=True, hours=24.0, sample_interval=300.0,
        jobs=[Job(name="job", rate_per_hour=30.0, lifetime=Dist("exp", 300.0), tasks=4,
                  init_program="bash", anon_pages=128, files=0, negative_dentries=10,
                  helper=True, helper_lifetime=0.0)])


def lifecycle_bench() -> Workload:
    """The benchmark's lifecycle: mkdir, 10 tasks forked and exited, 256 anon
    pages, 64 page-cache pages, 100 slab objects (negative dentries), rmdir."""
    return Workload(
        name="lifecycle-bench", description="bench/churn_bench.py's lifecycle",
        cgroup="v2", parent="bench.slice", hours=1.0, sample_interval=600.0,
        jobs=[Job(name="c", rate_per_hour=3600.0, arrival="fixed",
                  lifetime=Dist("fixed", 0.5), tasks=10, anon_pages=256, cache_pages=64,
                  negative_dentries=100)])


PRESETS = {"k8s-node": k8s_node, "ci-runner": ci_runner, "systemd-timers": systemd_timers,
           "seed-loop": seed_loop, "v1-helpers": v1_helpers,
           "lifecycle-bench": lifecycle_bench}


def get_preset(name: str) -> Workload:
    try:
        return PRESETS[name]()
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}") from None
