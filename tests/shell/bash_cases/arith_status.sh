# an arithmetic error fails `((`, `let` and `for ((` (status 1, the line goes on:
# evalexp's valid flag), abandons the line in $(( )) and in an element's subscript
# (array_expand_index: the subscript named alone); a subscript with blanks in an
# assignment word; SHLVL (adjust_shell_level: +1 at start-up, -1 before an exec)
(( 5/0 )); echo "g=$?"
let "3/0" "x=1"; echo "let=$? x=$x"
for (( i = 1/0; i < 2; i++ )); do echo never; done; echo "for=$?"
for (( i = 0; i < 2; i += 1/0 )); do echo "i=$i"; done; echo "for2=$?"
(( c[1/0] = 2 )); echo "a=$?"
(( c[1/0] )); echo "b=$?"
echo $(( c[1/0] + 1 )); echo "c=$?"
let "c[1/0]=1"; echo "d=$?"
x=$(( 1 + c[2/0] )); echo "e=$?"
(( d[ 1/0 ] = 2 )); echo "f=$?"
a[ 2/0 ]=x; echo "st=$?"
a[ 1 + 1 ]=two b[ 0 ]+=z; echo "${a[2]} ${b[0]}"
a[ 4 ]=four; echo "${a[4]}" "$(echo a[ 5 ]=x)"
set -e; (( 1/0 )) || echo "or=$?"; set +e
echo "c=$SHLVL"; (printenv SHLVL); x=$(printenv SHLVL); echo "x=$x"; printenv SHLVL | cat
bash -c "echo in=\$SHLVL"; (echo "s=$SHLVL"); printenv SHLVL
cat <(printenv SHLVL)
bash -c 'exec printenv SHLVL'
( exec printenv SHLVL )
printenv SHLVL | (printenv SHLVL; cat)
SHLVL=abc bash -c 'echo "abc=$SHLVL"'; SHLVL=-5 bash -c 'echo "neg=$SHLVL"'
SHLVL=998 bash -c 'echo "hi=$SHLVL"'
echo end
