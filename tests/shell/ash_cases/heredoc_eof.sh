# a here-document the input ends in: its body runs to the end (bash warns at
# the last line, the ash family says nothing)
x=val
echo before
cat <<-EOF
	body $x
	EOF 
