# a subscript before an indexed array's first element: ${#a[-1]} names the
# subscript's text to its `]' and ends the command (array_length_reference);
# ${a[-1]} names the array and expands as unset (array_value_internal); an
# assignment names the element; unset names [SUB], status 1, and goes on
# (unbind_array_element)
a=()
(echo ${#a[-1]}; echo after) 2>&1; echo "st $?"
(echo ${#a[-2]}) 2>&1; echo "st $?"
b=(x y)
(echo ${#b[-3]}; echo after) 2>&1; echo "st $?"
echo ${#b[-2]} ${#b[-1]}
(echo "${a[-1]}"; echo after) 2>&1; echo "st $?"
(x=${#a[-1]}; echo after $x) 2>&1; echo "st $?"
declare -A h; (echo ${#h[-1]}; echo after) 2>&1; echo "st $?"
(echo ${#a[ -1 ]}; echo after) 2>&1; echo "st $?"
(echo ${#a[0-1]}; echo after) 2>&1; echo "st $?"
(b[-3]=1; echo after) 2>&1; echo "st $?"
(echo ${b[-3]}; echo after) 2>&1; echo "st $?"
(echo ${b[-3]:-d}; echo after) 2>&1; echo "st $?"
declare -A k=([k]=v)
unset 'b[-3]'; echo "st $?"
unset 'b[-5]' 'b[0]'; echo "st $?"; declare -p b
c=(); unset 'c[-1]'; echo "st $?"
(echo ${#k[""]}) 2>&1; (k[""]=1) 2>&1
