# GNU date -d: calendar dates, times, @seconds, and what it refuses
for d in '2021-03-01' '2021-03-01 10:20' '2021-03-01T10:20:30' '@5' '@5.5' \
         '2021-03-01 10:20:30 UTC' '2021-02-30' '2021-13-01' 'xyz' '1970-01-02 00:00:00' \
         '2021-03-01 + 1 day' '2021-03-01 10:00 2 hours ago'; do
    date -u -d "$d" +%Y-%m-%dT%H:%M:%S
done
