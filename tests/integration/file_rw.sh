#!/bin/bash
# A program creates a directory and a file, reads it back, lists the
# directory and stat()s the file; the kernel reports the file at exit with
# the size it has when the same program runs on the host.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/file_rw"
host_dir=$(mktemp -d)
trap 'rm -rf "$host_dir"' EXIT
host_run "$host_dir" "$TESTS/file_rw"
size=$(stat -c %s "$host_dir/out/result.txt" 2>/dev/null)
if [ "$HOST_STATUS" -ne 0 ] || [ -z "$size" ]; then
	fail "file_rw failed on the host (status $HOST_STATUS): $HOST_OUT"
	finish
fi

lwk_run "$TESTS/file_rw"
assert_contains "read back 100 lines: all match"
assert_match '^dir entry: result\.txt$'
assert_match "^stat size=$size\$"
assert_match '^file_rw: OK$'
assert_not_contains "FAILED"
assert_match '^lwk: program exited with status 0$'
assert_count 1 '^lwk: file '
assert_match "^lwk: file /out/result\\.txt \\($size bytes\\)\$"
# Without lwk.showfiles the contents are not dumped.
assert_not_contains "----- /out/result.txt -----"
assert_status 0
finish
