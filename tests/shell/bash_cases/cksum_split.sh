# coreutils cksum (POSIX CRC, size, name) and split (-l -b -C -a -d -x,
# --additional-suffix, --verbose, suffixes that widen when -a is not given)
mkdir work; cd work
printf 'abc' | cksum; printf '' | cksum; seq 1000 > f; cksum f; cksum f nofile; echo "rc=$?"
seq 2500 | split - big; wc -l bigac; printf 'abcdefghij' | split -b 3 -d --verbose - n; cat n03; echo
seq 700 | split -l 1 - z; ls z* | tail -3; ls z* | wc -l; seq 95 | split -l 1 -d - w; ls w* | tail -2
seq 100 | split -l 1 -a 1 - q; echo "rc=$?"; printf '' | split - e; ls e* 2>&1 | wc -l
printf 'aaaa\nbb\ncccccccc\nd\n' | split -C 5 - c; for p in c*; do printf '%s=' "$p"; od -An -c "$p" | tr -d ' \n'; echo; done
seq 10 | split -l 3 --additional-suffix=.txt -x - s; ls s*; split -l 0 f; split nofile
