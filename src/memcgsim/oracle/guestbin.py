"""The oracle guests' /bin scripts: programs busybox lacks, written as busybox sh
scripts (``#!/bin/busybox sh``). oracle/image.py puts these texts in the guests'
initramfs; the model's busybox userland (``userland.SCRIPTS``) runs the same texts
as scripts, as the guests' kernel does (``binfmt_script``: an execve of the script,
busybox sh running it)."""

#: getconf for the names scripts use (busybox has none)
GETCONF = r"""#!/bin/busybox sh
# getconf for the names scripts use (busybox has none)
case "$1" in
  _NPROCESSORS_ONLN|_NPROCESSORS_CONF) nproc ;;
  PAGESIZE|PAGE_SIZE) echo 4096 ;;
  CLK_TCK) echo 100 ;;
  *) echo "getconf: $1: unsupported" >&2; exit 1 ;;
esac
"""

#: busybox head takes only lowercase size suffixes; scripts use GNU's (head -c 100M):
#: this turns them into bytes, then execs busybox head (a second execve)
HEAD = r"""#!/bin/busybox sh
# head with GNU size suffixes (K, M, G; KiB, MiB, GiB) on top of busybox head
for a do
  shift
  p=
  case "$a" in -c?*) p=-c; a=${a#-c} ;; esac
  case "$a" in
    *[0-9]K|*[0-9]KiB) a=$(( ${a%%K*} * 1024 )) ;;
    *[0-9]M|*[0-9]MiB) a=$(( ${a%%M*} * 1048576 )) ;;
    *[0-9]G|*[0-9]GiB) a=$(( ${a%%G*} * 1073741824 )) ;;
  esac
  set -- "$@" "$p$a"
done
exec /bin/busybox head "$@"
"""

#: the scripts by their name in /bin
SCRIPTS = {"getconf": GETCONF, "head": HEAD}
