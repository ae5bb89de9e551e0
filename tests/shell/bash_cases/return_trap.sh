# trap ... RETURN (execute_function, run_return_trap): run as a function ends, in its
# context, $? its last command's; not inherited without set -T (functrace); one set
# inside a function stays; a sourced file runs it as it ends
f() { echo "in f"; return 3; }
g() { trap 'echo "ret from ${FUNCNAME[0]} st=$? x=$x"' RETURN; local x=5; echo "in g"; false; }
trap 'echo outer-ret' RETURN
f; echo "f st $?"
g; echo "g st $?"
trap -p RETURN
f; echo "f again $?"
trap - RETURN
set -T
trap 'echo "T: ${FUNCNAME[0]} $?"' RETURN
h() { f; echo "in h"; }
h; echo "h st $?"
set +T
trap - RETURN
echo 'echo sourced; return 4' > s.inc
trap 'echo "src-ret $?"' RETURN
. ./s.inc; echo "source st $?"
k() { . ./s.inc; echo "k after $?"; }
k
trap - RETURN
m() { trap 'echo m-ret' RETURN; }
m; m; n() { :; }; n; trap -p RETURN
trap - RETURN
trap - RETURN
q() { trap 'q2' RETURN; }; q2() { echo q2-called; }
q; trap - RETURN
set -o functrace; echo "$-" | tr -d hB; echo $SHELLOPTS; set +o functrace; echo "$-" | tr -d hB
trap 'echo top' RETURN; (f2() { :; }; f2); echo sub done; trap -p
