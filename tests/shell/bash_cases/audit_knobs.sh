# cgroup-reproducer shape, on /tmp files: helpers writing and reading "knobs"
set -uo pipefail
ROOT=/tmp/a7root.$$
N=${N:-4}
declare -a PIDS=()
declare -A STATE=()
on_exit() { local st=$?; rm -rf "$ROOT"; printf 'exit %d, %d pids\n' "$st" "${#PIDS[@]}"; }
trap on_exit EXIT
write_knob() { local file=$1 value=$2; echo "$value" > "$file" || { echo "write $file failed" >&2; return 1; }; }
read_knob() { local v; read -r v < "$1" || return 1; echo "$v"; }
mkdir -p "$ROOT"
for ((i = 0; i < N; i++)); do
  d=$ROOT/grp$i
  mkdir "$d"
  write_knob "$d/memory.max" $(( (i + 1) * 1024 * 1024 ))
  STATE[grp$i]=created
done
for d in "$ROOT"/grp*; do
  name=${d##*/}
  max=$(read_knob "$d/memory.max")
  printf '%-6s %10d %6dK %s\n' "$name" "$max" $((max / 1024)) "${STATE[$name]}"
done
write_knob /nonexistent/dir/knob 1 || echo "expected failure: $?"
for i in 1 2 3; do sleep 0.1 & PIDS+=($!); done
wait "${PIDS[@]}"; echo "waited ${#PIDS[@]}"
summary=$(for k in "${!STATE[@]}"; do echo "$k=${STATE[$k]}"; done | sort | paste -sd, -)
echo "$summary"
total=0
while IFS= read -r -d '' f; do total=$(( total + $(read_knob "$f") )); done < <(find "$ROOT" -name memory.max -print0)
echo "total=$total"
cat <<EOF2 > "$ROOT/report"
groups: ${#STATE[@]}
first: $(read_knob "$ROOT/grp0/memory.max")
EOF2
cat "$ROOT/report"
grep -c . "$ROOT/report"
awk -F': ' '/groups/ {print $2 * 2}' "$ROOT/report"
sed -n 's/^first: //p' "$ROOT/report"
echo "${undefined_var:-}" > /dev/null
echo "$undefined_var2" 2>&1 || true
echo unreachable
