# st_blocks of ext4 files (ext4_file_getattr: written or fallocated blocks, delayed ones
# included, an extent tree block past four extents) and tmpfs files (pages * 8):
# stat %b, du, du -s, du -a, ls -s and its total
mkdir blk && cd blk
dd if=/dev/zero of=f1 bs=1k count=10 2>/dev/null
echo hi > f2
: > f3
truncate -s 1M f4
dd if=/dev/zero of=f5 bs=4096 count=2 seek=10 2>/dev/null
fallocate -l 100k f6
fallocate -l 1M f7
printf x | dd of=f7 bs=1 seek=8192 conv=notrunc 2>/dev/null
fallocate -p -o 0 -l 4096 f7
mkdir d
dd if=/dev/zero of=d/big bs=1M count=3 2>/dev/null
truncate -s 5000 d/big
dd if=/dev/zero of=f8 bs=1M count=2 2>/dev/null
: > f8
dd if=/dev/zero of=f9 bs=4096 count=1 seek=1 2>/dev/null
dd if=/dev/zero of=f9 bs=4096 count=1 seek=3 conv=notrunc 2>/dev/null
dd if=/dev/zero of=f9 bs=4096 count=1 seek=5 conv=notrunc 2>/dev/null
dd if=/dev/zero of=f9 bs=4096 count=1 seek=7 conv=notrunc 2>/dev/null
dd if=/dev/zero of=f9 bs=4096 count=1 seek=9 conv=notrunc 2>/dev/null
dd if=/dev/zero of=f10 bs=4096 count=3 2>/dev/null; : > f10; echo again >> f10
sync
stat -c '%n %s %b' f1 f2 f3 f4 f5 f6 f7 f8 f9 f10 d d/big
du f1 f5 d f9; du -a d; du -s .
ls -s f1 f2 f5 f9; ls -s; ls -s d
cd ..; rm -r blk
s=/dev/shm/blocks_case.$$
mkdir $s
dd if=/dev/zero of=$s/t1 bs=1k count=10 2>/dev/null; truncate -s 1M $s/t2; echo a > $s/t3
fallocate -l 20k $s/t4; fallocate -p -o 4096 -l 8192 $s/t4
stat -c '%s %b' $s/t1 $s/t2 $s/t3 $s/t4; du -s $s | cut -f1; ls -s $s
rm -r $s
