# syntax errors in eval strings and sourced files (parse_and_execute: the lines
# before run, NAME: eval: line N:, status 2, the caller goes on) and [[ ]]'s own
# errors (parse.y cond_term's words; no input line; at the top level the shell
# stops as at the end of its input, $? kept)
eval $'echo a\n)\necho b'; echo "st $?"
eval "echo c; )"; echo "st $?"
eval $'echo a\n[[ a b ]]\necho b'; echo "st $?"
x=$(eval "if"); echo "st $?"
f() { eval $'\n\n[[ ( a'; }; f; echo "st $?"
eval '[[ a = b ) ]]'; echo "st $?"
eval '[[ -f ; ]]'; echo "st $?"
eval '[[ ( a = b ]]'; echo "st $?"
eval '[[ a << b ]]'; echo "st $?"
eval '[[ ]]'; echo "st $?"
eval '[[ a = ]] ]]'; echo "st $?"
eval '[[ && ]]'; echo "st $?"
eval '[[ -n = ]]'; echo "st $?"
eval '[[ a'; echo "st $?"
printf 'echo in sub\n[[ a b ]]\necho after\n' > sub.sh; false; . ./sub.sh; echo "st $?"
printf 'echo in sub2\nfi\necho after\n' > sub2.sh; . ./sub2.sh; echo "st $?"
rm sub.sh sub2.sh
false
[[ a | b ]]
echo not reached
