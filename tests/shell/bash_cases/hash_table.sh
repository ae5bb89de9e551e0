# bash's command hash table: a program run enters it with one hit, each lookup
# (a run, type, hash -t) adds one; listed bucket by bucket; PATH assignments empty it
for c in ls cat wc sort head tail tr cut date id env true sleep uname expr seq basename dirname printf; do
  command $c </dev/null >/dev/null 2>&1
done
ls >/dev/null; type ls; hash -t cat >/dev/null; hash
hash -l | head -3; hash -t ls cat
hash -p /tmp foo; hash -p /nonexistent/x bar; hash -t bar; hash -t foo; echo "rc=$?"
hash nonesuch; echo "rc=$?"; hash cd; echo "rc=$?"
hash -d nonesuch; echo "rc=$?"; hash -r; hash -l; echo "rc=$?"; hash; hash -t ls; echo "rc=$?"
hash -z; echo "rc=$?"
ls >/dev/null; ( ls >/dev/null; hash ); hash
PATH=$PATH; hash; ls >/dev/null; unset PATH; hash; PATH=/usr/bin:/bin
