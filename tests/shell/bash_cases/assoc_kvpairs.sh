# an associative array's compound assignment as keys and values (bash 5.1+)
declare -A cfg=(host localhost port 8080 odd)
for k in host port odd; do echo "$k=${cfg[$k]}"; done
declare -A h=("" 1 b 2); declare -p h
declare -A f=([a]=1 b 2); echo rc=$?; declare -p f
declare -A k=(x 1 [y]=2); declare -p k
declare -A m; m=(p q r); m+=(s t); declare -p m
