#!/bin/sh
# memcgsim calibration (session 36, branch heap36, docs/fidelity.md items 258 and
# 259): what bash 5.2.15 allocates to find a program (findcmd.c search_for_command,
# find_user_command_in_path; hashcmd.c phash_insert, phash_search; hashlib.c
# hash_create) and to call a function with arguments, shift and set -- (variables.c
# push_dollar_vars, pop_dollar_vars, remember_args; execute_cmd.c execute_function).
# The host's Debian bookworm /bin/bash (the guests' bash-static's source and glibc
# 2.36) runs a small script that writes nothing under /sys or /proc, every malloc,
# free and realloc logged with its callers in bash (malloc-trace/mtrbt.c), named by
# calibration/bash-malloc-callers.py (bash's dynamic symbols: a static function
# shows as the exported one before it, e.g. execute_function as execute_command).
# Runs on the host, unprivileged:
#   sh calibration/bash-hash-walk.sh | gzip -9 > calibration/recordings/bash-hash-walk.txt.gz
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -shared -fPIC -o "$tmp/mtrbt.so" "$here/malloc-trace/mtrbt.c"
cat > "$tmp/t.sh" <<'SH'
cat /dev/null
cat /dev/null
sleep 0
sleep 0
f() { : "$1"; shift; : x; }
f a b c
f a b c
set -- x y z
shift
SH
echo "# bash-hash-walk.sh: $(/bin/bash --version | head -1); PATH=/usr/local/bin:/usr/bin:/bin"
sed 's/^/# | /' "$tmp/t.sh"
cd "$tmp"
env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root MTR_FD=9 LD_PRELOAD="$tmp/mtrbt.so" \
    /bin/bash "$tmp/t.sh" 9>"$tmp/raw" >/dev/null 2>&1 || true
python3 "$here/bash-malloc-callers.py" --name /bin/bash < "$tmp/raw"
