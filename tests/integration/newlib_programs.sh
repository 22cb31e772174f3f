#!/bin/bash
# Builds tests/programs/newlib_hello.c and newlib_file.c with v3vee-cc
# (newlib, guest-libc/README.md), and with gcc -static (glibc) as twins
# for the host, and runs them in the LWK. newlib_hello gets its argv and environment, prints what printf,
# libm and a 64 MB heap give (the same as its glibc twin on the host) and
# exits with the status it is asked for. newlib_file writes a file with
# stdio, renames it and reads it back: the checksum it prints matches
# cksum(1) of the file the LWK shows (lwk.showfiles) and of the file its
# glibc twin writes on the host, and guest-libc's flag and errno
# conversions give EEXIST, ENOTEMPTY and ENOENT. Controls: the v3vee-cc
# binaries contain no glibc start code (the glibc twins do), and another
# seed gives another checksum. v3vee-cc refuses -fopenmp; a __thread
# program is refused at start; -fstack-protector-all works.
. "$(dirname "$0")/../lib/assert.sh"

V3VEE_CC=$BUILD/guest-libc/bin/v3vee-cc
need "$V3VEE_CC"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Built here, as a user would: v3vee-cc for the LWK, gcc -static (glibc)
# for the twins that run on the host.
HELLO=$TMP/newlib_hello
FILE=$TMP/newlib_file
for p in newlib_hello newlib_file; do
	if ! "$V3VEE_CC" -O2 -Wall -Wextra -Werror tests/programs/$p.c \
			-o "$TMP/$p" -lm 2>"$TMP/cc.err" ||
	   ! gcc -static -O2 -Wall -Wextra -Werror tests/programs/$p.c \
			-o "$TMP/$p.glibc" -lm 2>>"$TMP/cc.err"; then
		fail "cannot build $p: $(cat "$TMP/cc.err")"
		finish
	fi
done
"$V3VEE_CC" -O2 tests/programs/newlib_tls.c -o "$TMP/newlib_tls" 2>"$TMP/cc.err" &&
"$V3VEE_CC" -O2 -fstack-protector-all tests/programs/newlib_ssp.c \
	-o "$TMP/newlib_ssp" 2>>"$TMP/cc.err" ||
	fail "cannot build newlib_tls or newlib_ssp: $(cat "$TMP/cc.err")"
# v3vee-cc refuses what guest-libc cannot give.
if "$V3VEE_CC" -fopenmp -c -x c -o "$TMP/omp.o" /dev/null 2>"$TMP/cc.err" ||
   ! grep -q 'no threads or OpenMP' "$TMP/cc.err"; then
	fail "v3vee-cc -fopenmp: expected a refusal, got '$(cat "$TMP/cc.err")'"
fi

# Linked with newlib, not glibc: the check must tell the two apart.
for p in "$HELLO" "$FILE"; do
	nm "$p" | grep -qw __v3vee_start ||
		fail "$p: no __v3vee_start: not linked by v3vee-cc"
	! nm "$p" | grep -qw __libc_start_main ||
		fail "$p: contains glibc's __libc_start_main"
done
nm "$HELLO.glibc" | grep -qw __libc_start_main ||
	fail "control: the glibc build has no __libc_start_main"

# hello: argv (a comma too), the environment, the exit status.
host_run "$TMP" "$HELLO.glibc"
lwk_run --append "FOO=bar" "$HELLO" a b,3 exit=7
assert_match '^hello from newlib, argc=4$'
assert_match "^argv\\[0\\]=$HELLO\$"
assert_match '^argv\[2\]=b,3$'
assert_match '^argv\[3\]=exit=7$'
assert_match '^FOO=bar$'
for what in formats heap; do
	want=$(grep "^$what: " <<<"$HOST_OUT")
	[ -n "$want" ] || fail "the glibc twin printed no '$what:' line: $HOST_OUT"
	assert_match "^$(sed 's/[].[*^$\\/+?(){}|]/\\&/g' <<<"$want")\$"
done
assert_match '^monotonic: ok$'
assert_match '^clock: ok$'
assert_match '^wall clock after 2020: yes$'
assert_match '^pid=1 isatty\(1\)=0$'
assert_match '^lwk: program exited with status 7$'
assert_status 7

# file: the checksum of what was written and read back.
host_run "$TMP" "$FILE.glibc" 1
host_sum=$(sed -n 's/^cksum //p' <<<"$HOST_OUT")
disk_sum=$(cksum <"$TMP/out/data.txt" | awk '{ print $1, $2 }')
[ -n "$host_sum" ] && [ "$host_sum" = "$disk_sum" ] ||
	fail "host: the glibc twin's cksum '$host_sum' is not cksum(1)'s '$disk_sum'"
lwk_run --append "lwk.showfiles" "$FILE" 1
sed -n '/^----- \/out\/data\.txt -----$/,/^----- end \/out\/data\.txt -----$/p' \
	<<<"$OUT" | sed '1d;$d' >"$TMP/shown.txt"
shown_sum=$(cksum <"$TMP/shown.txt" | awk '{ print $1, $2 }')
assert_match "^cksum $host_sum\$"
assert_match "^cksum $shown_sum\$"
assert_match "^stat size=${host_sum#* }\$"
assert_match '^O_EXCL on an existing file: EEXIST$'
assert_match '^rmdir of a non-empty directory: ENOTEMPTY$'
assert_match '^open of a removed file: ENOENT$'
assert_match '^newlib_file: done$'
assert_match "^lwk: file /out/data\\.txt \\(${host_sum#* } bytes\\)\$"
assert_count 1 '^lwk: file '
assert_not_contains "FAILED"
assert_status 0

# Thread-local storage is refused at start; the stack protector's canary
# (FS set up by the start code) passes when intact and catches a smash.
lwk_run "$TMP/newlib_tls"
assert_match '^v3vee-cc: this program uses thread-local storage, which guest-libc does not support$'
assert_not_contains "counter="
assert_status 127
lwk_run "$TMP/newlib_ssp" 0123456789
assert_match '^copied 10 bytes$'
assert_status 0
lwk_run "$TMP/newlib_ssp" 0123456789012345678901234567890123456789
assert_match '^\*\*\* stack smashing detected \*\*\*'
assert_not_contains "copied"
assert_match '^lwk: program exited with status 134 \(killed by signal 6\)$'

# Control: the checksum follows the data.
lwk_run "$FILE" 2
other=$(sed -n 's/^cksum //p' <<<"$OUT")
[ -n "$other" ] && [ "$other" != "$host_sum" ] ||
	fail "control: seed 2 gave cksum '$other', seed 1 '$host_sum'"
assert_status 0
finish
