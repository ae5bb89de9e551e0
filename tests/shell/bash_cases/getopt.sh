# util-linux 2.38 getopt (shell/commands/getoptcmd.py)
getopt -o ab:c:: -l alpha,beta:,gamma:: -- -a -b x --beta=y -c -cz file1 --alpha -- f2; echo rc=$?
getopt -o a -- -x; echo rc=$?; getopt ab: -a -b 1 c; getopt -T; echo rc=$?; getopt -o a -n myprog -- -q
getopt -q -o a -- -q; echo rc=$?; getopt -o 'a' -- "it's" 'x y'; getopt -o +a -- x -a; getopt --options a --long l -- --l
getopt; echo rc=$?; getopt -o a -a -l long -- -long; getopt -o b: -- -b; echo rc=$?; getopt -o a -l beta: -- --beta; echo rc=$?
getopt -o a -l bar,baz -- --ba; echo rc=$?; getopt -o a -l bar -- --bar=1; echo rc=$?; getopt -u -o b: -- -b 'x y' z
getopt -o v -l verbose,long: -- --verb --long=1 --long 2 a; eval set -- "$(getopt -o ab: -- -a -b 'q r' s)"; echo "$# $3"
getopt -Q -o a -- -x; echo rc=$?; getopt -o a: --long=x: -- -a1 --x 2
