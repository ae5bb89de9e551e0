# calibration/bash-big-strings.sh's worker steps in the script's own bash, one
# command each: printf -v of 1 MiB and a+=("$s") four times, a copy, ${#s},
# ${s:0:10}, unset, the copy back, unset, a 1 MB $(...), unset, the array's unset,
# the pair again; the heap's extent after each (docs/fidelity.md items 195)
st() { /usr/bin/busybox awk -v s="$1" '/\[heap\]/ { print s, $1 }' /proc/$$/maps >&2; }
declare -a a
printf -v s '%*s' 1048576 ''; st p
a+=("$s"); st a
printf -v s '%*s' 1048576 ''; st p
a+=("$s"); st a
printf -v s '%*s' 1048576 ''; st p
a+=("$s"); st a
printf -v s '%*s' 1048576 ''; st p
a+=("$s"); st a
y="$s"; st cp
n=${#s}; st len
z=${s:0:10}; st sub
unset s; st us
s="$y"; st back
unset y s; st uys
v=$(head -c 1000000 /dev/zero | tr '\0' x); st cs
unset v; st uv
unset a; st ua
printf -v s '%*s' 1048576 ''; st p
a+=("$s"); st a
