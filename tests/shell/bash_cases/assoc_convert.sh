# declare -A of a scalar makes its value element "0"; an indexed array stays one
k=odd; declare -A k; declare -p k
j=v; declare -A j=([a]=1); declare -p j
a=(1 2); declare -A a; echo rc=$?; declare -p a
q=z; declare -A q=(x 1); declare -p q
f() { local s=loc; local -A s; declare -p s; }; f
