"""What a dying memcg costs the simulator, by allocating line (tracemalloc) and by
object type (gc census, sys.getsizeof), between half and nine tenths of N churn
lifecycles (churn_bench's workload at --mem 64G, design 5.13).

Run: ``python bench/mem_probe.py trace|census N [ROWS] [CPUS]`` (speed41's
/tmp/speed41/mem_probe.py, kept here by session 42's mem42, CPUS added)."""
import collections, gc, sys, time, tracemalloc
from memcgsim.workload import engine
from memcgsim.workload.presets import lifecycle_bench

mode = sys.argv[1]; n = int(sys.argv[2]); rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
cpus = int(sys.argv[4]) if len(sys.argv) > 4 else 2
wl = lifecycle_bench(); wl.mem = "64G"
wl.jobs[0].max_instances = n; wl.jobs[0].keep_files = True
wl.sample_interval = float(n // 20)
e = engine.Engine(wl, "5.13", cpus=cpus, hours=(n + 2) / 3600)
snaps = []

def census():
    c = collections.Counter(); b = collections.Counter()
    seen = set()
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    objs = gc.get_objects()
    if frozen:
        gc.freeze()
    for o in objs:
        t = type(o).__name__
        c[t] += 1; b[t] += sys.getsizeof(o)
        # untracked referents (arrays, ints, strs, bytes, tuples of atoms)
        for r in gc.get_referents(o):
            if not gc.is_tracked(r) and id(r) not in seen and not isinstance(r, type):
                seen.add(id(r)); tn = "u:" + type(r).__name__
                c[tn] += 1; b[tn] += sys.getsizeof(r)
    return c, b

def prog(t):
    done = e.counts["finished"]
    if len(snaps) < 2 and done >= (n // 2 if not snaps else n * 9 // 10):
        gc.collect()
        snaps.append((done, tracemalloc.take_snapshot() if mode == "trace" else None,
                      census() if mode == "census" else None))

e.progress = prog
if mode == "trace":
    tracemalloc.start(1)
t0 = time.process_time()
e.run()
(n1, s1, c1), (n2, s2, c2) = snaps
d = n2 - n1
print(f"snapshots at {n1} and {n2} lifecycles done")
print(f"{n} lifecycles, CPU {time.process_time() - t0:.1f} s; dying {len(e.tracker.update())}")
if mode == "census":
    (ca, ba), (cb, bb) = c1, c2
    ks = sorted(set(bb) | set(ba), key=lambda k: -(bb[k] - ba[k]))
    print("by type (gc census, getsizeof; u: untracked referents), a lifecycle:")
    for k in ks[:rows]:
        print(f"{(bb[k] - ba[k]) / d:8.1f} B {(cb[k] - ca[k]) / d:7.2f} objs  {k}")
    print(f"total by census {(sum(bb.values()) - sum(ba.values())) / d:.0f} B a lifecycle")
    sys.exit(0)
diff = s2.compare_to(s1, "lineno")
print(f"{sum(x.size_diff for x in diff) / d:.0f} B a lifecycle by tracemalloc ({d} lifecycles)")
for x in diff[:rows]:
    print(f"{x.size_diff / d:8.1f} B {x.count_diff / d:7.2f} blocks  {x.traceback}")
