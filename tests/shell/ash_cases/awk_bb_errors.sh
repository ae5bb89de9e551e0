# busybox awk: print writes each value as it is evaluated (an error leaves the
# earlier ones), an undefined function is a run-time error, -f's file names errors
awk 'function f(a){return a} BEGIN{print f(2), g(3)}'; echo " rc=$?"
awk 'BEGIN{print 1e10, 2147483648, 2^31}'; echo " rc=$?"
printf 'BEGIN { h() }\n' > p.awk; awk -f p.awk; echo "rc=$?"; printf 'BEGIN { x = \n' > p2.awk; awk -f p2.awk; echo "rc=$?"
