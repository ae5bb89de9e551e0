# trap -p lists EXIT, then the signals by number, then ERR and RETURN (trap.def showtrap)
trap 'echo int' INT; trap 'echo t' TERM USR1; trap -p; trap - INT; trap -p INT; echo "rc=$?"
trap 'echo r' RETURN; trap 'echo e' ERR; trap 'echo x' EXIT; trap '' HUP; trap ': q' QUIT; trap -p
