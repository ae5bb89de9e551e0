# {NAME[SUB]}>WORD: the descriptor (from 10) put in an array element (redir.c
# redir_varassign -> assign_array_element), its subscript an index expression or a
# key; {NAME[SUB]}>&- closes the one the element holds (redir_varvalue)
exec {fds[2]}>f1; echo "${fds[2]}"; declare -p fds
i=1; exec {fds[i+2]}>f2 {fds[0]}<f1; declare -p fds
declare -A m; exec {m[log]}>f3; declare -p m
echo hi >&${m[log]}; cat f3
exec {fds[2]}>&-; echo "closed $?"; echo x >&${fds[2]} || echo "fd gone"
exec {m[log]}>&-; echo x >&${m[log]} || echo "log gone"
exec {nope[1]}>&-; echo "st $?"
readonly ro=(1); exec {ro[1]}>f4; echo "ro $?"
echo "${fds[*]}"
rm -f f1 f2 f3 f4
