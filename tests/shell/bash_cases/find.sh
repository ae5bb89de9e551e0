mkdir -p /tmp/ft/a/b/c /tmp/ft/d /tmp/ft/.hid
touch /tmp/ft/x.txt /tmp/ft/a/y.txt /tmp/ft/a/b/z.log /tmp/ft/d/empty
echo data > /tmp/ft/a/full.txt
find /tmp/ft | sort
find /tmp/ft -type d | wc -l
find /tmp/ft -name "*.txt" | sort
find /tmp/ft/ -maxdepth 1 -type f | sort
find /tmp/ft -mindepth 2 -type d | sort
find /tmp/ft -path '*/b/*'
find /tmp/ft -type f -empty | sort
find /tmp/ft -name b -prune -o -type f -print | sort
find /tmp/ft -type f -exec echo file: {} \; | sort
find /tmp/ft -name '*.log' -exec ls {} +
find /tmp/ft \( -name '*.txt' -o -name '*.log' \) ! -name 'x*' | sort
find /tmp/ft -iname 'X.TXT'
find /tmp/nope; echo "rc=$?"
find /tmp/ft -bogus; echo "rc=$?"
find /tmp/ft -name '*.log' -delete; find /tmp/ft -name '*.log' | wc -l
find /tmp/ft -name y.txt -print -quit
