# [[ ]]'s line: its top node's (make_cond_node's line_number); an arithmetic error in
# -eq and the like: named [[:, the test false (test.c arithcomp), the script goes on
x=1+
[[ a &&
  $x -eq 1
]]; echo "st $?"
[[ $x -eq 1
]] || echo no
[[ ( $x -eq 1
) ]]
[[ ! $x -lt 2 || a &&
  b ]]
[[ -n $x &&
  ( $x -gt 1 )
]]
[[ $x -eq 1 ||
 $x -eq 2 ]]
[[ a ]] && [[ -z "" && $x -ne 3
]]
[[ $LINENO -eq 18 &&
  $LINENO -gt 0 ]]; echo "lineno $?"
f() { [[ $x -eq
  1 ]]; }
f
