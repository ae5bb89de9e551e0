sleep 5 >/dev/null 2>&1 & kill -9 $!; wait
X=1 sleep 5 2>>/tmp/e.log <&0 3>&- & kill -9 $!; wait
sleep   '5'  >|/tmp/f  &>/dev/null & kill -9 $!; wait
sleep 5 <<< "x" >&2 2<&0 & kill -9 $!; wait
