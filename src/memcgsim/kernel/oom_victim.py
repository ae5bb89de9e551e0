"""An OOM victim's way out, on the clock. The SIGKILL the memcg OOM killer sends a
task other than the charging one is a signal like ``kill(2)``'s (kernel/signal.py,
:meth:`memcgsim.machine.Kernel.oom_kill_task`): the victim, woken where
``select_task_rq_fair`` places it, dies when it next runs there, and its pages stay
charged until then. Meanwhile every other charger that meets the limit goes round
``try_charge``'s reclaim rounds, each taking time (:data:`MEMCG_RECLAIM_ROUND_NS`),
and every ``MAX_RECLAIM_RETRIES`` + 1 rounds ``mem_cgroup_oom`` again: MEMCG_OOM,
then ``mem_cgroup_out_of_memory`` → ``out_of_memory`` → ``select_bad_process`` →
``oom_evaluate_task`` finds the victim (``tsk_is_oom_victim``, its mm without
MMF_OOM_SKIP, which ``exit_mmap`` sets once its pages are unmapped) and aborts
(``oc->chosen = -1``: no kill, ``out_of_memory`` true), until the victim has exited
(mm/oom_kill.c, mm/mmap.c ``exit_mmap``, mm/memcontrol.c ``try_charge`` (5.10.262)
/ ``try_charge_memcg`` (6.1.192)).

Measured with tools/sizes/exit-mmap-cost.sh on the TCG guests (recordings
tools/sizes/recordings/exit-mmap-cost--K-Ncpu.txt). Not modelled:

- ``exit_mmap``'s own time. Part A's exiting subshells cost 0.33 ms with 58
  resident pages and 0.8-1.2 ms with 1,467 (0.3-0.5 µs a 4 KiB page), and no more
  with 16,000 or 64,000 anon pages: strings that large are THP-backed
  (transparent_hugepage "always"), one ``zap_huge_pmd`` a 2 MiB page. The tools'
  large buffers are glibc-realloc'd mmap chunks, THP-backed likewise, where the
  model charges them as small pages (shell/commands/_util.py ``AnonHold``):
  counting pages would make tail's exit 2.6 ms where the guests' counts say it
  is gone within one or two rounds (selftest_memcg_oom_events on 5.10: oom 1-2 in
  16 runs). The victims' ``exit_mmap`` in part B took 2.4-9 ms, against others
  charging on the other CPUs.
- the OOM reaper (``oom_reap_task_mm``): no oom:wake_reaper event in any traced
  run (6.1 delays it 2 s, ``OOM_REAPER_DELAY``: Linux commit e4a38402c36e
  ("oom_kill.c: futex: Delay the OOM reaper to allow time for proper futex
  cleanup") (in v5.18)).
- the OOM report's time under ``oom_lock`` (22-67 ms on the guests: the other
  chargers wait on the mutex, counting nothing meanwhile), and the victim's own
  charge in progress when it is chosen (its rounds, then its exit).
"""
from __future__ import annotations

#: One round of ``try_charge``'s loop that reclaims nothing (an anon-only memcg
#: without swap): ``try_to_free_mem_cgroup_pages`` entry to return, 0.02-0.03 ms in
#: 73 of part B's 98 rounds on the 2-CPU 5.10 guest; 0.17-0.18 ms (head) and under
#: 5 µs (the reader) on 6.1; the first round of a charge, and rounds that met a
#: lock, took 3-41 ms
MEMCG_RECLAIM_ROUND_NS = 25_000
