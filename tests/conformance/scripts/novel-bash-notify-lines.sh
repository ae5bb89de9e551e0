#!/bin/bash
# Written for memcgsim's conformance suite (session 35, novel35): at which line bash
# reports a background job killed by a signal ("NAME: line N: PID Killed  TEXT"),
# the notice printed after the next foreground command (jobs.c wait_for →
# notify_and_cleanup → notify_of_job_status, which prints bash's global line_number).
# A simple command's own line is restored once it ends (execute_cmd.c
# execute_command_internal's save_line_number), so N is the enclosing context's: a
# function's definition line, a for loop's line, else the last line the parser read
# (a top-level while/if/group's closing line). One kill per context: a function, a
# for in a function, a pipeline in a function, top level, a top-level for, while, if
# and group, an if in a function, a pipeline at top level, a command substitution in
# a function (no notice there: the shell prints it when it reaches the script's end).
sleep 10 & p=$!
f() {
  kill -9 $p
  sleep 0.2
  echo in f
}
f
echo after
sleep 10 & p=$!
g() {
  kill -9 $p
  for i in 1; do
    sleep 0.2
  done
  echo in g
}
g
sleep 10 & p=$!
h() {
  kill -9 $p
  true | sleep 0.2
  echo in h
}
h
sleep 10 & p=$!
kill -9 $p
sleep 0.2
echo top
sleep 10 & p=$!
kill -9 $p
for i in 1; do
  sleep 0.2
done
echo top-for
sleep 10 & p=$!
kill -9 $p
n=0
while [ $n -lt 1 ]; do
  n=1
  sleep 0.2
done
echo top-while
sleep 10 & p=$!
kill -9 $p
if true; then
  sleep 0.2
fi
echo top-if
sleep 10 & p=$!
k() {
  kill -9 $p
  if true; then
    sleep 0.2
  fi
  echo in k
}
k
sleep 10 & p=$!
{ kill -9 $p
  sleep 0.2
}
echo top-group
sleep 10 & p=$!
kill -9 $p
true | sleep 0.2
echo top-pipe
sleep 10 & p=$!
m() {
  kill -9 $p
  x=$(sleep 0.2)
  echo in m
}
m
