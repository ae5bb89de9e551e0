#!/bin/bash
# reproducer-style: options, helpers, traps, here-docs, read loops
set -o pipefail
WORK=/tmp/audit_a1.$$
VERBOSE=0
COUNT=3
usage() { echo "usage: $0 [-v] [-n COUNT] [-d DIR]" >&2; exit 2; }
while getopts "vn:d:h" opt "$@" -v -n 4; do
  case $opt in
    v) VERBOSE=$((VERBOSE+1));;
    n) COUNT=$OPTARG;;
    d) WORK=$OPTARG;;
    h) usage;;
    \?) echo "bad option" >&2;;
  esac
done
shift $((OPTIND-1))
echo "verbose=$VERBOSE count=$COUNT optind=$OPTIND rest=$#"
log() { local level=$1; shift; (( VERBOSE >= level )) && printf '[%s] %s\n' "$level" "$*"; return 0; }
cleanup() { local rc=$?; rm -rf "$WORK"; echo "cleanup rc=$rc"; }
trap cleanup EXIT
mkdir -p "$WORK"
cat > "$WORK/conf" <<EOF2
# comment
name = alpha
size=4096
path = /tmp/x y
 empty =
EOF2
declare -A conf
while IFS='=' read -r key val; do
  key=${key//[[:space:]]/}
  [[ -z $key || $key == \#* ]] && continue
  val=${val#"${val%%[![:space:]]*}"}
  conf[$key]=$val
done < "$WORK/conf"
for k in name size path empty; do printf '%-6s=<%s>\n' "$k" "${conf[$k]}"; done
log 1 "read ${#conf[@]} keys"
log 3 "hidden"
sizes=()
for ((i=1; i<=COUNT; i++)); do sizes+=($(( conf[size] * i ))); done
echo "sizes: ${sizes[*]} (${#sizes[@]})"
printf '%5d|%-5s|%05.1f|%x|%o|%e\n' 42 ab 3.14159 255 8 12345.678
printf '%s,' "${sizes[@]}"; echo
printf -v line '%*s' 10 ''; echo "[${line// /-}]"
str="Hello, World"
echo "${str,,} ${str^^} ${#str} ${str:7} ${str:0:5} ${str: -5:3} ${str/o/0} ${str//o/0} ${str#*,} ${str%,*}"
n=$(( (7 + 3) * 2 ** 3 % 17 )); echo "n=$n $(( n > 5 ? 1 : 0 )) $(( 1 << 4 )) $(( -7 / 2 )) $(( -7 % 3 ))"
(( n++ )); echo "n=$n"; let "n += 2, m = n * 2"; echo "n=$n m=$m"
result=$( (exit 3) ); echo "sub exit: $?"
false | true; echo "pipefail: $?"
true | false | true; echo "pipefail2: $? ${PIPESTATUS[*]}"
if ! grep -q nothing "$WORK/conf"; then echo "no match"; fi
case "$str" in H*o,*) echo "case 1";; *) echo "case 2";; esac
x=${undefined:-default}; y=${undefined:=assigned}; echo "$x $y $undefined"
echo "${unset_var:+alt}|${str:+alt}"
IFS=, read -ra parts <<< "a,b,,c"; echo "${#parts[@]}: ${parts[*]}"
mapfile -t lines < <(printf 'l1\nl2\nl3\n'); echo "${#lines[@]} ${lines[-1]}"
exit 4
