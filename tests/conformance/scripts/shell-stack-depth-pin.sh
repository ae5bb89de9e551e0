#!/bin/bash
# Written for memcgsim's conformance suite (session 20, stack20; docs/fidelity.md item
# 60): the script bash's stack pages pin the cgroup it forked in by the depth it forked
# at. A loop joins d$i, runs a command substitution as the third of 29 commands of its
# body (26 connection levels deep: shell/stack.py), goes home and removes d$i: the
# last d$i keeps the stack pages the bash copied there (mm/memory.c wp_page_copy).
# Top-level commands in home fork too shallow to copy them again; the same loop shape
# run in home does, and frees it. The bash waits in cgroup home, not the root, so that
# its charges replace the per-CPU stocks' cached memcg. cgroup v2.
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
mkdir $R/home
echo $$ > $R/home/cgroup.procs
dying() { local k v; while read -r k v; do [ $k = nr_dying_descendants ] && echo "$1: dying $v"; done < $R/cgroup.stat; }
dying start
for i in 1 2 3 4 5 6; do
  mkdir $R/d$i
  echo $$ > $R/d$i/cgroup.procs
  x=$(cat /proc/self/cgroup); :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :;
  echo $$ > $R/home/cgroup.procs
  rmdir $R/d$i
done
sleep 1
dying "after the loop"
cat /proc/self/cgroup > /dev/null
x=$(cat /proc/self/cgroup)
sleep 1
dying "after top-level forks"
for i in 1 2 3; do
  mkdir /tmp/q$i
  echo $i > /dev/null
  x=$(cat /proc/self/cgroup); :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :;
  echo $i > /dev/null
  rmdir /tmp/q$i
done
sleep 1
dying "after the loop's shape in home"
