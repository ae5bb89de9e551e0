#!/bin/bash
# Written for memcgsim's conformance suite (session 35, novel35): the line bash names
# when it reports a job killed by a signal, continued from novel-bash-notify-lines: a
# foreground command killed in a function, a for loop and a top-level group, a
# foreground pipeline killed in a function, a background job reported after a case
# (top level and in a function), after (( )) and [[ ]] in a function, an arithmetic
# for, a while in a function, and a function called in a for loop.
f() {
  echo f
  sh -c 'kill -9 $$'
  echo after f
}
f
for i in 1; do
  sh -c 'kill -9 $$'
done
{ true
  sh -c 'kill -9 $$'
}
g() {
  true | sh -c 'kill -9 $$'
}
g
sleep 10 & p=$!
kill -9 $p
case x in
  x) sleep 0.2 ;;
esac
echo top-case
sleep 10 & p=$!
c() {
  kill -9 $p
  case x in
    x) sleep 0.2 ;;
  esac
}
c
sleep 10 & p=$!
a() {
  kill -9 $p
  (( x = 1 ))
  sleep 0.2
}
a
sleep 10 & p=$!
b() {
  kill -9 $p
  [[ -n x ]]
  sleep 0.2
}
b
sleep 10 & p=$!
kill -9 $p
for ((i = 0; i < 1; i++)); do
  sleep 0.2
done
echo top-arith-for
sleep 10 & p=$!
w() {
  kill -9 $p
  while true; do
    sleep 0.2
    break
  done
}
w
sleep 10 & p=$!
s() {
  kill -9 $p
  sleep 0.2
}
for i in 1; do
  s
  sleep 0.2
done
echo end
