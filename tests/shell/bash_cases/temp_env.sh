# prefix assignments: the temporary environment, special builtins' too (bash
# outside POSIX mode), but for export/readonly of that name
unset HOME USER LC_ALL PWD SHLVL
x=1 :; echo "[$x]"; y=2 export; echo "[$y]"; z=3 eval "echo in \$z"; echo "[$z]"; w=4 set -- a; echo "[$w]"
f(){ printenv v; declare -p v; }; v=5 f; echo "[$v]"
x=1 export x; echo "[$x]"; declare -p x; y=2 readonly y; echo "[$y]"; declare -p y
z=3 declare -p z; z=3 eval 'printenv z'
r=6; r=7 unset r; echo "[${r-unset}]"
x=1 eval "x=2"; echo "[$x]"; q=0; q=1 eval "q=2"; echo "[$q]"
echo 'echo in:$s; s=9' > /tmp/temp_env_src.sh; s=5 . /tmp/temp_env_src.sh; echo "[$s]"; rm /tmp/temp_env_src.sh
set -x; P=1 Q=$P printenv P; P=2 :; set +x
E=1 exec printenv E
