cd /
bash -c 'echo "in -c: $0 $1 $2 $#"; exit 3' myname a b; echo "rc=$?"
bash -c 'echo $(( $$ == $BASHPID ))' ; echo "rc=$?"
echo 'echo from stdin; false' | bash; echo "rc=$?"
printf 'echo "file: $0 $*"\nf() { echo fn; }; f\n' > /tmp/sub.sh
bash /tmp/sub.sh x y
X=exported; export X; Y=notexported
bash -c 'echo "[$X] [$Y]"'
bash -c 'trap "echo bye" EXIT; sleep 0.1 & wait; echo waited'
bash -c 'cd /tmp; pwd'; pwd
bash -e -c 'false; echo never'; echo "e rc=$?"
bash -c 'echo $(( 1 +'; echo "syntax rc=$?"
bash /nonexistent.sh; echo "rc=$?"
bash -c 'exec 2>&1; nosuchcmd' 
bash -c "kill -9 \$\$" 2>/dev/null; echo "killed rc=$?"
