# busybox sh's own grammar where bash's reads on (ash.c's parser, parsesub, varvalue):
# NAME=(...), <<<, |&, ;&, for ((...)) are syntax errors; (( )) is a subshell in a
# subshell; select, coproc, time are commands; ${x^^} ${x,,} ${!x} ${x@Q} ${a[1]}
# are bad substitutions when expanded (the commands before them have run); the
# errors are "syntax error: ..." with ash's token names and what it expected; an
# alias applies from the line after the one that defined it
sh -c 'a=(1 2 3); echo "${a[1]}"'; echo "rc=$?"
sh -c 'echo one; local a=(1 2)'; echo "rc=$?"
sh -c 'cat <<< "here"'; echo "rc=$?"
sh -c 'echo a |& cat'; echo "rc=$?"
sh -c 'case x in x) echo one;& y) echo two;; esac'; echo "rc=$?"
sh -c 'for ((i=0;i<3;i++)); do echo $i; done'; echo "rc=$?"
sh -c 'for 1 in a; do echo; done'; echo "rc=$?"
sh -c '((x=3)); echo "x=$x rc=$?"; (( 1 + 1 )); echo "rc=$?"'
sh -c 'i=0; while ((i<2)); do i=$((i+1)); echo $i; done; echo end'
sh -c 'x=abc; echo a; echo ${x^^}; echo not reached'; echo "rc=$?"
sh -c 'x=ABC; echo ${x,,}'; echo "rc=$?"
sh -c 'y=x; x=1; echo ${!y}'; echo "rc=$?"
sh -c 'echo ${x@Q}'; echo "rc=$?"
sh -c 'echo "${x[1]}"'; echo "rc=$?"
sh -c 'echo ${#a[@]}'; echo "rc=$?"
sh -c 'echo ${x;}'; echo "rc=$?"
sh -c 'echo ${u+${x^^}} ok'; echo "rc=$?"
sh -c 'coproc cat; echo rc=$?'
sh -c 'select x in a b; do break; done'; echo "rc=$?"
sh -c 'if true; then echo a'; echo "rc=$?"
sh -c 'for i in 1 2; echo $i; done'; echo "rc=$?"
sh -c 'f() { echo; '; echo "rc=$?"
sh -c 'f() { local a=(1 2); }; f'; echo "rc=$?"
sh -c '( echo a'; echo "rc=$?"
sh -c '((';  echo "rc=$?"
sh -c 'echo $(echo a'; echo "rc=$?"
sh -c 'echo "unterminated'; echo "rc=$?"
sh -c 'echo ${x'; echo "rc=$?"
sh -c 'if; then echo; fi'; echo "rc=$?"
sh -c 'echo a && ; echo b'; echo "rc=$?"
sh -c 'echo )'; echo "rc=$?"
sh -c 'echo $((2 ** 10)) $(( 2 ** 0 ))'; echo "rc=$?"
sh -c 'x=1; echo $"a $x" $"b"'; echo "rc=$?"
sh -c 'function f { echo in f; }; f; echo $'"'"'a\tb'"'"; echo "rc=$?"
sh -c 'echo x; x=(' named; echo "rc=$?"
printf 'echo one\necho two\nx=(1 2)\necho three\n' > syn1.sh; sh syn1.sh; echo "rc=$?"
printf 'echo one\nif true; then\n  echo two\n' > syn2.sh; sh syn2.sh; echo "rc=$?"
printf 'x=abc\necho one\necho ${x^^}\necho two\n' > syn3.sh; sh syn3.sh; echo "rc=$?"
printf "alias echo='echo x'; alias a='b z'; alias b='echo B'\necho y\na w\nunalias echo\nalias e='echo x'\ne next-line\nalias e=echo; e same-line\ne next\n'e' quoted\nalias l='echo a '; alias m=mm\nl m\nif true; then\n  e in-if\nfi\n" > al.sh; sh al.sh; echo "aliases rc=$?"
rm syn1.sh syn2.sh syn3.sh al.sh
type [[ if time select coproc; echo "type rc=$?"
sh -c 'x=1; echo $[x+1] "$[x]" a$[b'; echo "rc=$?"
sh -c 'echo foo &> /dev/null; wait; echo rc=$?'; echo "rc=$?"
sh -c 'f() { echo in; }; f &>> y; wait; cat y'; echo "rc=$?"
sh -c 'case x in x) echo one;;& *) echo two;; esac'; echo "rc=$?"
