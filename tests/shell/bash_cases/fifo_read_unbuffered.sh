# read from a FIFO takes one byte at a time (read.def: input_is_pipe, lseek's ESPIPE):
# what follows the line stays in the FIFO for the next open, and for the held fd
mkfifo f
exec 4<> f
printf 'one\ntwo\nthree\nfour\nfive' >&4
read a < f; echo "a=$a $?"
read b < f; echo "b=$b $?"
read -r c <&4; echo "c=$c $?"
IFS= read -r d < f; echo "d=$d $?"
read -t 0.2 e <&4; echo "e=$e $(( $? > 128 ))"
exec 4>&-
rm f
