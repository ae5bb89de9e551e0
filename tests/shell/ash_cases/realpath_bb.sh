# busybox realpath: no options, xmalloc_realpath_coreutils (a missing last component
# after a slash, a dangling link's target), perror's messages
mkdir -p a/b; ln -s a/b l; realpath l | sed 's,.*/\(a/b\)$,\1,'; realpath -s l | sed "s,.*/\(a/b\)$,\1,"
realpath nonexist a/nope | sed 's,.*/\(a/nope\)$,\1,'; echo "rc=$?"; touch f; realpath f/; echo "rc=$?"
