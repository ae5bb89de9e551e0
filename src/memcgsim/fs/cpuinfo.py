"""``/proc/cpuinfo`` (arch/x86/kernel/cpu/proc.c ``show_cpuinfo``) of the oracle's
guest: qemu's TCG CPU, recorded with ``memcgsim oracle l.sh --kernel 6.1 --cpus 2``
where l.sh is ``cat /proc/cpuinfo`` (2026-12-03). One block per possible CPU; the
per-CPU fields are renumbered, ``bogomips`` is the boot CPU's (the kernel's
per-CPU delay-loop calibration varies from boot to boot: not modelled).
"""
from __future__ import annotations

FLAGS = ("fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush acpi "
         "mmx fxsr sse sse2 ss ht syscall nx mmxext pdpe1gb rdtscp lm 3dnowext 3dnow rep_good "
         "nopl cpuid extd_apicid pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe "
         "popcnt aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy svm cr8_legacy abm "
         "sse4a 3dnowprefetch vmmcall fsgsbase bmi1 avx2 smep bmi2 erms mpx adx smap "
         "clflushopt clwb xsaveopt xgetbv1 arat npt vgif umip pku ospke vaes la57")
BUGS = "fxsave_leak sysret_ss_attrs null_seg swapgs_fence amd_e400 spectre_v1 spectre_v2"


def cpuinfo(nr_cpus: int) -> str:
    """The file for ``nr_cpus`` CPUs of one socket."""
    return "".join(
        f"processor\t: {cpu}\nvendor_id\t: AuthenticAMD\ncpu family\t: 15\nmodel\t\t: 107\n"
        "model name\t: QEMU TCG CPU version 2.5+\nstepping\t: 1\nmicrocode\t: 0x1000065\n"
        "cpu MHz\t\t: 2596.138\ncache size\t: 512 KB\nphysical id\t: 0\n"
        f"siblings\t: {nr_cpus}\ncore id\t\t: {cpu}\ncpu cores\t: {nr_cpus}\n"
        f"apicid\t\t: {cpu}\ninitial apicid\t: {cpu}\nfpu\t\t: yes\nfpu_exception\t: yes\n"
        f"cpuid level\t: 13\nwp\t\t: yes\nflags\t\t: {FLAGS}\nbugs\t\t: {BUGS}\n"
        "bogomips\t: 5192.27\nTLB size\t: 1024 4K pages\nclflush size\t: 64\n"
        "cache_alignment\t: 64\naddress sizes\t: 40 bits physical, 57 bits virtual\n"
        "power management:\n\n" for cpu in range(nr_cpus))
