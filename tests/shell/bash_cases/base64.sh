# coreutils 9.1 base64 (shell/commands/encoders.py): wrapping, gnulib's decoder
for c in "printf hello | base64" "seq 100 | base64" "seq 100 | base64 -w 0" "seq 10 | base64 -w 7" \
  "seq 19 | base64 -w 4" "base64 -w x" "base64 -w -1" "echo aGVsbG8= | base64 -d" "echo aGVsbG8 | base64 -d" \
  "echo YQ | base64 -d" "echo YQ=a | base64 -d" "echo 'aGVs bG8=' | base64 -d" "echo 'aGVs*bG8=' | base64 -d" \
  "echo 'aGVs*bG8=' | base64 -di" "printf 'YQ==YQ==' | base64 -d" "printf 'aGVs\nbG8=\n' | base64 -d" \
  "base64 nofile" "base64 a b" "printf '' | base64" "printf 'a' | base64 --wrap=0" "echo '====' | base64 -d" \
  "echo 'Y' | base64 -d" "echo 'YWJj' | base64 -d -w 3" "base64 -d /dev/null" "printf 'YQ==\n\n' | base64 -d" \
  "printf 'aGVsbG8=x' | base64 -d" "base64 -x" "head -c 300000 /dev/zero | base64 | base64 -d | wc -c" \
  "seq 20000 | base64 -w 0 | base64 -d | md5sum" "echo 'YWJ=' | base64 -d" "echo 'YW=j' | base64 -d" \
  "echo 'YWJjZA' | base64 -d" "echo '=YWJ' | base64 -d" "base64 --decode --ignore-garbage /dev/null"
do
  echo "== $c"
  bash -c "$c" | od -An -c | head -3
  echo "rc=${PIPESTATUS[0]}"
done 2>&1
