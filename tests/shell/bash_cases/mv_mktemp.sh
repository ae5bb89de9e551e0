t=$(mktemp); test -f "$t" && echo "file ${t%.*} ${#t}"
d=$(mktemp -d /tmp/job.XXXX); test -d "$d" && echo "dir ${d%.*} ${#d}"
mktemp /tmp/bad.XX; echo rc=$?
mv "$t" "$d"/; ls "$d" | wc -l
mv "$d"/* /tmp/moved.$$; test -f /tmp/moved.$$ && echo moved
mv /tmp/nope /tmp/x; echo rc=$?
mv a; echo rc=$?
date -u -d @86400 '+%Y-%m-%d %H:%M:%S %Z'
date -d @1614556800 +%s
echo a > /tmp/r1; echo b > /tmp/r2; mv /tmp/r1 /tmp/r2; cat /tmp/r2; mkdir -p /tmp/dd; mv /tmp/r2 /tmp/dd; ls /tmp/dd; mv /tmp/dd /tmp/dd/sub; echo rc=$?
