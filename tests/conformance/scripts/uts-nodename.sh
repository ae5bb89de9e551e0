# the node name nobody set (init/Kconfig DEFAULT_HOSTNAME): busybox's hostname and
# uname -n, bash's HOSTNAME (gethostname) and prompt \h (docs/fidelity.md item 64)
hostname; uname -n; echo "$HOSTNAME"; p='\h \H'; echo "${p@P}"
