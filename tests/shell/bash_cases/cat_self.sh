echo abc > /tmp/self.txt
cat /tmp/self.txt >> /tmp/self.txt; echo rc=$?
cat /tmp/self.txt
exec >>/tmp/self.txt
cat /tmp/self.txt
exec >&2
cat /tmp/self.txt
