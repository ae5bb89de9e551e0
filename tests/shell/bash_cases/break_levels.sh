# break and continue outside a loop, in functions and subshells, with bad counts
break; echo after; continue 2; echo after2
f() { break; }; for i in 1 2; do f; echo $i; done
for i in 1; do (break; echo sub); echo $i; done
for i in 1 2; do { break; } | cat; echo $i; done
for i in 1 2; do break & wait; echo b$i; done
for i in 1 2; do x=$( (break) ); y=$(break); echo c$i; done
for i in 1 2; do for j in a b; do break 0; echo n; done; echo outer; done; echo rc=$?
for i in 1 2; do continue -1; done; echo rc=$?
for i in 1 2; do break 1 2; echo n; done; echo discarded
echo next line
for i in 1; do echo | break x; echo st=$?; done
trap 'echo exit trap $?' EXIT
(exit 5); for i in 1; do break -- x; done
echo not reached
