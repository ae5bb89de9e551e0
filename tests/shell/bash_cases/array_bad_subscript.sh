# A negative subscript past an indexed array's start, or an empty key of an
# associative one: the message, then the element expands as unset and the command
# goes on (arrayfunc.c array_value_internal's INDEX_ERROR, bash 5.2)
a=(); echo "x${a[-1]}y"; echo "rc=$?"
b=(1 2); echo "${b[-3]}|${b[-2]}"; echo "rc=$?"
declare -A A; echo "[${A[""]}]"; echo "rc=$?"
v=${a[-1]}; echo "v=[$v] rc=$?"
set -u
echo "z${a[-1]}"
echo "not reached"
