( exec sleep 0.1; echo never )
echo "sub rc=$?"
( exec true ); echo "true rc=$?"
( exec false ); echo "false rc=$?"
( exec nosuchcmd; echo never ); echo "missing rc=$?"
( exec >/tmp/exo.txt; echo inside; exec cat /proc/self/comm )
cat /tmp/exo.txt
( exec sh_missing_x 2>/dev/null ); echo "rc=$?"
exec echo last
echo never
