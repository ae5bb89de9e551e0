# /proc/vmstat pgpgin counts a file's data read back from the disk after its pages
# left the cache (drop_caches): submit_bio's PGPGIN of each page's 8 sectors, none
# for pages still cached; only whole files are read (a partial read's readahead
# window past the read: readahead-cold, docs/fidelity.md item 47)
dd if=/dev/zero of=f bs=1M count=4 2>/dev/null
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
a=$(awk '$1 == "pgpgin" {print $2}' /proc/vmstat)
cat f > /dev/null
b=$(awk '$1 == "pgpgin" {print $2}' /proc/vmstat)
cat f > /dev/null
c=$(awk '$1 == "pgpgin" {print $2}' /proc/vmstat)
echo "cold read of 4 MiB: $((b - a)) KiB; again: $((c - b)) KiB"
rm f
