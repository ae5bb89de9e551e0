"""Writes src/memcgsim/kernel/sizes/procfiles.py: the /proc and /sys files' constant
parts as the guests print them, from the recordings of
calibration/proc-files-probe.sh (both kernels, 2 CPUs, 1 GiB):

    memcgsim oracle calibration/proc-files-probe.sh --kernel K --cgroup v2 \\
        --record calibration/recordings/proc-files-probe--K-v2.txt
    python tools/sizes/proc_files.py > src/memcgsim/kernel/sizes/procfiles.py

Kept: /proc/version, filesystems and iomem as printed; /proc/interrupts' rows
without their counts; zoneinfo's node and zone item names, ZONE_DMA's values
and the per-CPU pagesets of both zones; buddyinfo and pagetypeinfo at the probe
with DMA32's free pages then; vmallocinfo's areas that are not a task's stack;
node0/meminfo's names; the THP sysfs files.
"""
from __future__ import annotations

import pprint
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sections(path: Path) -> dict[str, list[str]]:
    text = path.read_text().split("#--- stdout\n", 1)[1]
    out: dict[str, list[str]] = {}
    cur = None
    for line in text.splitlines():
        if line.startswith("=== "):
            cur = line[4:]
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    for k, v in out.items():
        if v and v[-1].startswith("rc "):
            out[k] = v[:-1]
    return out


def zoneinfo(lines: list[str]) -> dict:
    node_items, zone_items, zones = [], [], {}
    cur = None
    for ln in lines:
        m = re.match(r"Node 0, zone\s+(\w+)", ln)
        if m:
            cur = m.group(1)
            zones[cur] = {"fields": {}, "items": {}, "pagesets": [], "threshold": None}
            continue
        if ln.startswith("      ") and not ln.startswith("       ") and cur == "DMA" and \
                not zones[cur]["fields"]:
            node_items.append(ln.split()[0])
            continue
        s = ln.strip()
        z = zones[cur]
        if s.startswith("count:") or s.startswith("cpu:") or s.startswith("pagesets") \
                or s.startswith("node_unreclaimable") or s.startswith("per-node"):
            continue
        if s.startswith("high:"):
            z["pagesets"].append(int(s.split()[1]))
        elif s.startswith("batch:"):
            z["pagesets"][-1] = (z["pagesets"][-1], int(s.split()[1]))
        elif ln.startswith("  pages free") or ln.startswith("        "):
            if s.startswith("protection:"):
                continue
            name, val = s.replace("pages free", "free").split()[:2]
            z["fields"][name] = int(val)
        elif ln.startswith("      ") and not ln.startswith("       "):
            name, val = s.split()
            z["items"][name] = int(val)
            if cur == "DMA" and name not in zone_items:
                zone_items.append(name)
        elif s.startswith("vm stats threshold:"):
            z["threshold"] = int(s.split()[-1])
        elif s.startswith("start_pfn:"):
            z["start_pfn"] = int(s.split()[-1])
    return {"node_items": node_items, "zone_items": zone_items,
            "field_names": [f for f in zones["DMA"]["fields"] if f != "free"],
            "dma": zones["DMA"]["items"], "dma_free": zones["DMA"]["fields"]["free"],
            "pageset": {z: (zones[z]["pagesets"][0], zones[z]["threshold"], zones[z]["start_pfn"])
                        for z in ("DMA", "DMA32")},
            "zones": list(zones)}


def main() -> None:
    out = {}
    for rel in ("5.10", "6.1"):
        s = sections(ROOT / f"calibration/recordings/proc-files-probe--{rel}-v2.txt")
        buddy = {ln.split()[3]: tuple(int(x) for x in ln.split()[4:])
                 for ln in s["/proc/buddyinfo"]}
        irqs = []
        for ln in s["/proc/interrupts"][1:]:
            m = re.match(r"(\s*\w+:)((?:\s+\d+){1,2})(.*)$", ln)
            irqs.append((m.group(1), len(m.group(2).split()), m.group(3)))
        vmalloc = [ln for ln in s["/proc/vmallocinfo"]
                   if "kernel_clone" not in ln and "fork_idle" not in ln]
        vmalloc = [re.sub(r"^0x[0-9a-f]+-0x[0-9a-f]+\s+", "", ln) for ln in vmalloc]
        vmalloc = [(int(ln.split()[0]), ln.split(None, 1)[1]) for ln in vmalloc]
        stack = next(ln for ln in s["/proc/vmallocinfo"] if "kernel_clone" in ln)
        out[rel] = {
            "version": s["/proc/version"][0],
            "filesystems": s["/proc/filesystems"],
            "iomem": s["/proc/iomem"],
            "interrupts": irqs,
            "zoneinfo": zoneinfo(s["/proc/zoneinfo"]),
            "buddyinfo": buddy,
            "pagetypeinfo": s["/proc/pagetypeinfo"],
            "vmallocinfo": vmalloc,
            "vmalloc_stack": stack.split(None, 2)[2],
            # (name, the line's width from "Node 0 " to the value's end, in kB)
            "node_meminfo": [(ln.split()[2].rstrip(":"), len(ln.rstrip(" kB")) - 7,
                              ln.endswith(" kB"))
                             for ln in s["/sys/devices/system/node/node0/meminfo"]],
            # (file-max, MemTotal in pages then)
            "file_max": (int(s["/proc/sys/fs/file-max"][0]),
                         int(s["/proc/meminfo"][0].split()[1]) // 4),
            "thp": {f: s[f"/sys/kernel/mm/transparent_hugepage/{f}"][0]
                    for f in ("enabled", "defrag", "use_zero_page", "hpage_pmd_size",
                              "shmem_enabled")},
        }
    # what both guests print alike, once
    common = {key: val for key, val in out["6.1"].items() if out["5.10"][key] == val}
    for rel in out:
        out[rel] = {key: val for key, val in out[rel].items() if key not in common}
    print('"""The /proc and /sys files\' constant parts as the 5.10.262 and 6.1.192 guests')
    print("print them (2 CPUs, 1 GiB): written by tools/sizes/proc_files.py from")
    print('calibration/recordings/proc-files-probe--K-v2.txt; do not edit."""')
    print("# flake8: noqa")
    print("#: the parts both guests print alike")
    print("COMMON = " + pprint.pformat(common, width=100, sort_dicts=False))
    print("#: per release: COMMON and its own parts")
    print("PROC_FILES = {rel: {**COMMON, **own} for rel, own in "
          + pprint.pformat(out, width=100, sort_dicts=False) + ".items()}")


if __name__ == "__main__":
    sys.exit(main())
