#!/bin/bash
# Written for memcgsim's conformance suite (session 17, conform17): when bash runs a
# trap for a signal other processes send it. A subshell waiting for its job (wait
# returns 128 + the signal, the trap runs next), one whose wait is its last command
# (the trap still runs before it exits, its status kept unless the trap exits), one
# in a foreground sleep (the trap runs once the sleep is done), and the script's
# own shell signalled by a child while it waits for one job or for all of them.
( trap 'echo trap1; kill $child; exit 3' TERM
  sleep 3600 & child=$!
  wait $child ) &
w=$!
sleep 1
kill -TERM $w
wait $w; echo "1 wait last, status: $?"
( trap 'echo trap2; kill $child' TERM
  sleep 3600 & child=$!
  wait $child ) &
w=$!
sleep 1
kill -TERM $w
wait $w; echo "2 trap without exit, status: $?"
( trap 'echo trap3; kill $child' TERM
  sleep 3600 & child=$!
  wait $child; echo "after wait $?" ) &
w=$!
sleep 1
kill -TERM $w
wait $w; echo "3 status: $?"
( trap 'echo trap4' TERM
  sleep 2 ) &
w=$!
sleep 1
kill -TERM $w
wait $w; echo "4 fg sleep last, status: $?"
( trap 'echo trap5' TERM
  sleep 2; echo "after sleep $?" ) &
w=$!
sleep 1
kill -TERM $w
wait $w; echo "5 fg sleep, status: $?"
( trap 'echo trap6 $?' USR1; trap 'echo exit6 $?' EXIT
  sleep 3600 & child=$!
  wait $child; kill $child ) &
w=$!
sleep 1
kill -USR1 $w
wait $w; echo "6 USR1 then EXIT trap, status: $?"
trap 'echo main trap' USR1
( sleep 1; kill -USR1 $$ ) &
wait $!; echo "7 main wait: $?"
sleep 0.5
( sleep 1; kill -USR1 $$ ) &
wait; echo "8 main wait all: $?"
echo end
