# busybox sh finds its applets before the hash table and PATH and enters them
# in neither (ash.c find_command, FEATURE_SH_STANDALONE): hash lists none
ls >/dev/null
hash; echo "after ls $?"
hash ls cat; echo "hash ls $?"
hash; echo "listed $?"
hash nosuchzz; echo "missing $?"
