# bash exports no array: an exported indexed or associative array is left out of a
# command's environment (maybe_make_export_env), in the main scope and a function's
a=(x y); export a
declare -A b=([k]=v); export b
s=plain; export s
f() { local c=(1 2); export c; local d=inner; export d; env | grep -E '^(a|b|c|d|s)=' | sort; }
f
env | grep -E '^(a|b|s)=' | sort
echo "a=$a b=${b[k]}"
