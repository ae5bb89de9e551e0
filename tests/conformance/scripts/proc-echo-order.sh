#!/bin/bash
# Written for memcgsim's conformance suite (session 14, who runs first after fork):
# a parent and its child both write a line, with no `wait` between the fork and the
# parent's write. sched_child_runs_first is 0: the child of fork() goes behind its
# parent on the parent's CPU, or to an idle CPU. Each shape is run 5 times; a line
# counts the times the parent's line reached the file first.
first() { [ "$(head -c 1 /tmp/order.out)" = "$1" ]; }
round() {   # round SHAPE: 5 forks of the shape, the parent's line first how often
  local i n=0
  for i in 1 2 3 4 5; do
    : > /tmp/order.out
    "$1"
    wait
    first p && n=$((n+1))
  done
  echo "$1: parent first $n of 5"
}
builtin_child() { { echo c >> /tmp/order.out; } & echo p >> /tmp/order.out; }
subshell_child() { ( echo c >> /tmp/order.out ) & echo p >> /tmp/order.out; }
exec_child() { /bin/echo c >> /tmp/order.out & echo p >> /tmp/order.out; }
parent_forks_too() { ( echo c >> /tmp/order.out ) & /bin/echo p >> /tmp/order.out; }
parent_sleeps() { ( echo c >> /tmp/order.out ) & sleep 0.05; echo p >> /tmp/order.out; }
child_sleeps() { ( sleep 0.05; echo c >> /tmp/order.out ) & echo p >> /tmp/order.out; }
comsub_child() { x=$(echo c >> /tmp/order.out; echo out); echo p >> /tmp/order.out; }
round builtin_child
round subshell_child
round exec_child
round parent_forks_too
round parent_sleeps
round child_sleeps
round comsub_child
# a pipeline: every stage is forked before any runs; how often the first stage's
# line comes first
n=0
for i in 1 2 3 4 5; do
  : > /tmp/order.out
  { echo a >> /tmp/order.out; } | { echo b >> /tmp/order.out; } | { echo c >> /tmp/order.out; }
  first a && n=$((n+1))
done
echo "pipeline of three: first stage first $n of 5"
rm -f /tmp/order.out
