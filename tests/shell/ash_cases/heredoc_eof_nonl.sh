# a here-document operator on the input's last line, without a newline
echo before
cat <<EOF