ulimit -z; echo rc=$?
ulimit -p 16; echo rc=$?
ulimit -n lots; echo rc=$?
