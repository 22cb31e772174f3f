#!/bin/bash
# DKMS: the staged source tree (make dkms-src) is built and installed by
# Debian's dkms for Linux 6.1 and 6.12 (the emulated host's kernels), in trees of
# the test's own (--dkmstree, --sourcetree, --installtree: the system's
# module tree is not touched). Each installed v3vmm.ko has its kernel's
# vermagic; the 6.1 one loads in the emulated host and runs a VM. The
# control: dkms refuses a kernel whose headers are not there.
# run-all-timeout: 600
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3ctl" "$TESTS/guests/mini.img"
src=$BUILD/dkms/v3vmm
need "$src/dkms.conf"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$src/dkms.conf")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/dkms"
cp -r "$src" "$tmp/src/v3vmm-$ver"
trees=(--dkmstree "$tmp/dkms" --sourcetree "$tmp/src" --installtree "$tmp/inst")

# Both kernels the project supports: 6.1 (installed headers) and 6.12
# (headers unpacked by fetch-host-kernel.sh).
for series in 6.1 6.12; do
	eval "$("$ROOT/scripts/fetch-host-kernel.sh" --kernel $series)"
	mkdir -p "$tmp/inst/$ABI"
	STATUS=0
	OUT=$({
		dkms build -m v3vmm -v "$ver" -k "$ABI" --kernelsourcedir "$HEADERS" "${trees[@]}" &&
			dkms install -m v3vmm -v "$ver" -k "$ABI" --kernelsourcedir "$HEADERS" \
				--no-depmod "${trees[@]}" &&
			dkms status "${trees[@]}"
	} 2>&1) || STATUS=$?
	assert_status 0
	assert_contains "v3vmm/$ver, $ABI, x86_64: installed" # (ABI has a +)
	ko=$tmp/inst/$ABI/updates/dkms/v3vmm.ko
	if [ -f "$ko" ]; then
		vermagic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
		[ "$vermagic" = "$ABI" ] || fail "vermagic $vermagic, expected $ABI"
		cp "$ko" "$tmp/dkms-v3vmm-$series.ko"
	else
		fail "dkms install left no $ko"
	fi
done

# The module installed for 6.1 runs a VM in the emulated host.
OUT=$("$ROOT/images/emuhost/emuhost" --smp 2 --mem 2G --timeout 300 \
	--add "$tmp/dkms-v3vmm-6.1.ko" --add "$TESTS/guests/mini.img" '
insmod dkms-v3vmm-6.1.ko || exit 1
./v3ctl create mini.img --mem 128M --cores 1 --name d >/dev/null 2>&1 || exit 1
sleep 1
./v3ctl console d
./v3ctl stats d | grep -E "^(state|exit_status):"
./v3ctl destroy d
' 2>&1) || STATUS=$?
assert_status 0
assert_contains 'mini guest: hello on COM1'
assert_match '^state: exited$'
assert_match '^exit_status: 42$'

# Control: no headers for this kernel, no build.
STATUS=0
OUT=$(dkms build -m v3vmm -v "$ver" -k 0.0.0-none --kernelsourcedir "$tmp/none" \
	"${trees[@]}" 2>&1) || STATUS=$?
[ "$STATUS" -ne 0 ] || fail "dkms built for a kernel without headers"
finish
