# ulimit's command lines in bash (ulimit.def: each letter a command), busybox sh
# (shell_common.c shell_builtin_ulimit: two getopt passes, operands as -f's
# values) and dash (miscbltin.c ulimitcmd: nextopt, one resource): options and
# operands in any order, bundles, units (512-byte blocks; bash's 1024), soft and
# hard, errors; each line in a subshell from the boot's limits (no hard limit
# raised: the host's root may not, the guests' may)
(ulimit 123 -c2; echo "$? f=$(ulimit -f) c=$(ulimit -c)")
(ulimit -c 123 -t; echo "$? c=$(ulimit -c)")
(ulimit -c2 123; echo "$? c=$(ulimit -c) f=$(ulimit -f)")
(ulimit -t -c; echo $?)
(ulimit -n 2000000; echo $?)
(ulimit -n x; echo $?)
(ulimit -fc 10 20; echo "$? f=$(ulimit -f) c=$(ulimit -c)")
(ulimit 10; ulimit)
(ulimit -- -c; echo $?)
(ulimit -c -- 5; echo "$? c=$(ulimit -c)")
(ulimit -c 3; ulimit -c; ulimit -s; ulimit -Hs)
(ulimit -c ''; echo "$? c=$(ulimit -c)")
(ulimit -z; echo $?)
(ulimit -a -c 5 > /dev/null; echo "$? c=$(ulimit -c)")
(ulimit -S -c 7; echo "H=$(ulimit -Hc) S=$(ulimit -Sc)")
(ulimit -Hc 6; echo "$? H=$(ulimit -Hc) S=$(ulimit -Sc)")
(ulimit -c 9; ulimit -H -c 2; echo "$? H=$(ulimit -Hc) S=$(ulimit -Sc)")
(ulimit -c 9; ulimit -S -c 4; echo "$? H=$(ulimit -Hc) S=$(ulimit -Sc)")
