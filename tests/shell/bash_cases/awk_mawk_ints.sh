# mawk 1.3.4: integers written as such only within INT_MAX (cast.c d_to_I), substr's
# truncated start and length (bi_substr: a start before 1 lengthens the rest),
# functions never defined (a compile error past the last line), -f's name in errors
awk 'BEGIN{print 1e10, 2147483647, 2147483648, 2^31, 2^53, -2147483648, -2147483647, 100000 * 100000}'
awk 'BEGIN{x[2^31]=1; for (k in x) print k; y = 2^31 ""; print y, length(2^31); CONVFMT="%.2f"; a = 3000000000; print a ""}'
awk 'BEGIN{s="hello"; print substr(s,0,2) "|" substr(s,-1,3) "|" substr(s,0.5,2) "|" substr(s,1.5,2) "|" substr(s,2,1.5) "|" substr(s,0) "|" substr(s,6) "|" substr(s,-5)}'
awk 'BEGIN{ x = f(1) }'; echo "rc=$?"; printf 'BEGIN { h() }\n' > p.awk; awk -f p.awk; echo "rc=$?"
awk 'function f(a){return a} BEGIN{print f(2), g(3)}'; echo "rc=$?"; printf 'BEGIN { x = 1\n' > p2.awk; awk -f p2.awk; echo "rc=$?"
