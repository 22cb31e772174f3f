#!/bin/bash
# With lwk.showfiles the kernel prints each file the program wrote, byte
# for byte the same as the file the program writes on the host.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/file_rw"
host_dir=$(mktemp -d)
trap 'rm -rf "$host_dir"' EXIT
host_run "$host_dir" "$TESTS/file_rw"
if [ "$HOST_STATUS" -ne 0 ] || [ ! -f "$host_dir/out/result.txt" ]; then
	fail "file_rw failed on the host (status $HOST_STATUS): $HOST_OUT"
	finish
fi

lwk_run --append "lwk.showfiles" "$TESTS/file_rw"
assert_match '^file_rw: OK$'
assert_match '^lwk: program exited with status 0$'
assert_count 1 '^----- /out/result\.txt -----$'
assert_count 1 '^----- end /out/result\.txt -----$'
sed -n '/^----- \/out\/result\.txt -----$/,/^----- end \/out\/result\.txt -----$/p' \
	<<<"$OUT" | sed '1d;$d' >"$host_dir/shown.txt"
if grep -q '^----- /out/result\.txt -----$' <<<"$OUT" &&
   ! cmp -s "$host_dir/out/result.txt" "$host_dir/shown.txt"; then
	fail "contents shown differ from the host's out/result.txt:
$(diff "$host_dir/out/result.txt" "$host_dir/shown.txt" | head -20)"
fi
assert_status 0
finish
