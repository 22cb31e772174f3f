#!/bin/bash
# A module built with kbuild against the installed linux-headers-amd64
# loads in the emulated host (whose kernel is the image of the same ABI
# and version) and unloads again: the path v3vmm.ko takes. The module is a
# throw-away one built in a temporary directory.
# The same host, booted with its no_ipi_broadcast=1 overridden (its Linux
# then sends all-but-self IPIs that reach taken cores), must refuse
# v3vmm.ko, and say why. The override is spelled as Linux still reads it
# ('-' for '_', junk after the number; both measured to turn broadcasts
# back on), so the module must read the command line as Linux does.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

EMUHOST=$ROOT/images/emuhost/emuhost
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

eval "$(scripts/fetch-host-kernel.sh)" || {
	fail "scripts/fetch-host-kernel.sh failed"
	finish
}

cat >"$work/emuhost_probe.c" <<'EOF'
#include <linux/init.h>
#include <linux/module.h>
#include <linux/utsname.h>

static int __init probe_init(void)
{
	pr_info("emuhost_probe: loaded on %s\n", init_utsname()->release);
	return 0;
}

static void __exit probe_exit(void)
{
	pr_info("emuhost_probe: unloaded\n");
}

module_init(probe_init);
module_exit(probe_exit);
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := emuhost_probe.o' >"$work/Kbuild"
if ! make -s -C "$HEADERS" M="$work" modules >"$work/build.log" 2>&1; then
	OUT=$(cat "$work/build.log")
	fail "the module did not build against $HEADERS"
	finish
fi
vermagic=$(/sbin/modinfo -F vermagic "$work/emuhost_probe.ko")
case $vermagic in
"$ABI "*) ;;
*) fail "vermagic \"$vermagic\" is not for $ABI" ;;
esac

need "$BUILD/v3vmm.ko"
STATUS=0
OUT=$("$EMUHOST" --smp 2 --mem 1G --timeout 120 --add "$work/emuhost_probe.ko" \
	--append no-ipi-broadcast=0abc '
	uname -r
	insmod v3vmm.ko 2>/dev/null || echo "v3vmm refused"
	grep -c "^v3vmm " /proc/modules | sed "s/^/v3vmm listed: /"
	insmod emuhost_probe.ko && echo "insmod ok"
	grep "^emuhost_probe " /proc/modules >/dev/null && echo "listed"
	rmmod emuhost_probe && echo "rmmod ok"
	dmesg | grep -E "emuhost_probe: |v3vmm: "
' 2>&1) || STATUS=$?

assert_status 0
assert_match "^$ABI\$"
assert_match '^insmod ok$'
assert_match '^listed$'
assert_match '^rmmod ok$'
assert_match "emuhost_probe: loaded on $ABI\$"
assert_match 'emuhost_probe: unloaded$'
assert_match '^v3vmm refused$'
assert_match '^v3vmm listed: 0$'
assert_match 'v3vmm: this Linux broadcasts IPIs, which would reach the cores VMs run on; boot it with no_ipi_broadcast=1$'
finish
