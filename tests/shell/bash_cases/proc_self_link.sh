# /proc/self, /proc/thread-self and /proc/PID/cwd are symbolic links to lstat
# (fs/proc/self.c proc_self_init: S_IFLNK | S_IRWXUGO), so find does not walk
# /proc/self without -H; a trailing slash follows a link (LOOKUP_FOLLOW)
[ -L /proc/self ] && echo islink; [ -d /proc/self ] && echo isdir
stat -c "%s %F %h %a" /proc/self /proc/thread-self /proc/self/cwd
find /proc/self -maxdepth 1 -name "st*"; echo "find $?"
find -H /proc/self -maxdepth 1 -name "stat*" | sort
ls -ld /proc/self | cut -c1-10; ls -ld /proc/self/ | cut -c1-10
mkdir d; ln -s d l; ls -ld l/ | cut -c1; ls -ld l | cut -c1
