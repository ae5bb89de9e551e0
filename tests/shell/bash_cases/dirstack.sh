# pushd, popd, dirs and DIRSTACK (builtins/pushd.def): the stack rotated, exchanged, shown
cd /tmp
pushd /nonexistent; echo "rc=$?"
pushd; echo "rc=$?"
popd; echo "rc=$?"
dirs; echo "${DIRSTACK[@]} ${#DIRSTACK[@]}"
pushd /root; pushd /proc; pushd /sys; dirs -v; dirs -p; dirs -l; dirs +1; dirs -1; dirs +9; echo "rc=$?"
echo "${DIRSTACK[@]}"; pwd
pushd; pwd; pushd +2; pwd; pushd -n /dev; dirs
popd +1; popd -0; dirs; popd; popd; popd; popd; echo "rc=$?"; pwd
pushd -x; echo "rc=$?"; popd /x; echo "rc=$?"
dirs -c; dirs; pushd ~ >/dev/null; dirs; popd > /dev/null; dirs
