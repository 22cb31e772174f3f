#!/bin/bash
# A static C++ program (iostream, std::string, std::vector, a thrown and
# caught exception) computes the same checksum in the LWK as on the host.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/cxx_hello"
host_run . "$TESTS/cxx_hello"
want=$(grep '^checksum ' <<<"$HOST_OUT")
if [ "$HOST_STATUS" -ne 0 ] || [ -z "$want" ]; then
	fail "cxx_hello failed on the host (status $HOST_STATUS): $HOST_OUT"
	finish
fi

lwk_run "$TESTS/cxx_hello"
assert_contains "caught exception: division by zero: 7/0"
assert_not_contains "no exception"
assert_match "^$want\$"
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
