#!/bin/bash
# v3vmm.ko builds without a warning (compiler, modpost or objtool) against
# Debian 12's Linux 6.1 headers (build/v3vmm.log) and its 6.12 headers
# (build/v3vmm-6.12.log): make keeps each build's output. The control: the
# same check flags a log holding one objtool warning.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.log" "$BUILD/v3vmm-6.12.log" "$BUILD/v3vmm.ko" "$BUILD/v3vmm-6.12.ko"
# warnings LOG: the lines of LOG that report a warning or an error.
warnings() {
	grep -Ei '(warning|error)[: ]' "$1"
}
for log in "$BUILD/v3vmm.log" "$BUILD/v3vmm-6.12.log"; do
	if w=$(warnings "$log"); then
		fail "$log has warnings:"
		echo "$w"
	fi
done
control=$(mktemp)
echo 'v3vmm.o: warning: objtool: x+0x5: relocation to !ENDBR: y+0x7' >"$control"
warnings "$control" >/dev/null || fail "the check does not flag an objtool warning"
rm -f "$control"
[ "$(modinfo -F vermagic "$BUILD/v3vmm-6.12.ko" | cut -d. -f1-2)" = 6.12 ] ||
	fail "build/v3vmm-6.12.ko is not built for 6.12"
finish
