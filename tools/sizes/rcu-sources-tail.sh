# ---- after the script (tools/sizes/rcu-sources-head.sh)
echo 0 > /sys/kernel/tracing/tracing_on
T=/sys/kernel/tracing
echo "--- trace: CPU ms event task-pid args (ms from the first event)"
grep -av '^#' $T/trace | awk '
{ if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) args = args " " f[i]
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }' > /tmp/rcu-trace.txt
cat /tmp/rcu-trace.txt
echo "--- functions"
for a in $(awk '$3 == "qrc" { for (i = 5; i <= NF; i++) if ($i ~ /^func=/) print substr($i, 8) }' /tmp/rcu-trace.txt | sort -u); do
  echo "$a $(awk -v a="$a" '$1 == a {print $3; exit}' /proc/kallsyms)"
done
