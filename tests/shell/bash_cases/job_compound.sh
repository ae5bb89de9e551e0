# bash's make_command_string (print_cmd.c) names a killed background job
( sleep 3;   echo x ) & kill -9 $!; wait
{ sleep 3; echo x; } & kill -9 $!; wait
while true; do sleep 3; done & kill -9 $!; wait
until false; do sleep 3; done & kill -9 $!; wait
if true; then sleep 3; fi & kill -9 $!; wait
if false; then sleep 3; elif true; then sleep 3; echo a; else echo b; fi & kill -9 $!; wait
for i in 1 2; do sleep 3 | cat; done & kill -9 $!; wait
for i; do sleep 3; done & kill -9 $!; wait
for ((i=0;i<3;i++)); do sleep 3; done & kill -9 $!; wait
x=1 sleep 3 && echo a || echo b & kill -9 $!; wait
f() { sleep 3; }
f & kill -9 $!; wait
case x in a|b) echo;; x) sleep 3 ;& y) echo ;;& *) : ; esac & kill -9 $!; wait
( while :; do
    sleep 3
  done ) & kill -9 $!; wait
while true; do
  sleep 3
  echo x &
  for j in a b; do if true; then sleep 3; fi; done
done & kill -9 $!; wait
[[ -n x && ( a == b || ! -z "c  d" ) ]] && sleep 3 & kill -9 $!; wait
((  1+2  )) && sleep 3 & kill -9 $!; wait
! sleep 3 & kill -9 $!; wait
{ sleep 3; } > /dev/null 2>&1 & kill -9 $!; wait
( sleep 3 ) 2>/dev/null & kill -9 $!; wait
while sleep 3; do :; done & kill -9 $!; wait
