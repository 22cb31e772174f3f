#!/bin/bash
# Boots the LWK natively in QEMU (TCG) with PROGRAM as its first Multiboot
# module and prints the serial console. Exits with the program's status.
#
# usage: run-lwk.sh [--smp N] [--mem SIZE] [--append "KERNEL CMDLINE"]
#                   [--timeout SEC] [--kernel IMG] [--cpu MODEL]
#                   [--qemu ARG]... [PROGRAM [ARGS...]]
#
# Without PROGRAM the LWK gets no module (to test that it says so).
# --qemu ARG passes one more argument to QEMU (repeatable), e.g.
# --qemu -icount --qemu shift=0,sleep=off.
# Exit status: the value the LWK wrote to the isa-debug-exit port (only
# its low 7 bits survive QEMU's (v << 1) | 1 encoding, so 139 comes back
# as 11: check the console line for such statuses; the LWK itself uses 125
# for a panic and 126 for a program it refuses); 0 if the guest powered
# off through ACPI without writing it; 124 on timeout; 127, with a
# "run-lwk:" message on stderr, if QEMU could not run.
set -euo pipefail

usage() {
	sed -n 's/^# \{0,1\}//; 5,7p' "$0" >&2
	exit 2
}

smp=1
mem=512M
append=""
timeout=60
kernel=""
# TCG's "max" offers all TCG emulates (1 GB pages included) and, unlike
# EPYC, no features TCG lacks to warn about.
cpu=max
qemu_extra=()

while [ $# -gt 0 ]; do
	case $1 in
	--smp|--mem|--append|--timeout|--kernel|--cpu|--qemu)
		[ $# -ge 2 ] || usage ;;
	esac
	case $1 in
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--qemu) qemu_extra+=("$2"); shift 2 ;;
	--help|-h) usage ;;
	--) shift; break ;;
	-*) echo "run-lwk: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
if [ -z "$kernel" ]; then
	build=${BUILD:-build}
	case $build in
	/*) kernel=$build/lwk.img ;;
	*) kernel=$(cd "$(dirname "$0")/../.." && pwd)/$build/lwk.img ;;
	esac
fi
if [ ! -f "$kernel" ]; then
	echo "run-lwk: no kernel image $kernel (run make)" >&2
	exit 127
fi
if [ $# -ge 1 ] && [ ! -e "$1" ]; then
	echo "run-lwk: no program $1" >&2
	exit 127
fi

# The module command line is "PROGRAM ARGS..." split on blanks by the
# LWK, so an argument cannot itself contain blanks. QEMU splits -initrd
# on ',' (',,' is a literal comma), so escape commas.
for a in "$@"; do
	case $a in
	*[[:space:]]*)
		echo "run-lwk: argument \"$a\" contains blanks;" \
			"the module command line cannot carry them" >&2
		exit 2 ;;
	esac
done
initrd=()
if [ $# -ge 1 ]; then
	cmdline="$*"
	initrd=(-initrd "${cmdline//,/,,}")
fi

qemu_err=$(mktemp)
trap 'rm -f "$qemu_err"' EXIT

set +e
timeout --foreground -k 5 "$timeout" \
	qemu-system-x86_64 -accel tcg -cpu "$cpu" -smp "$smp" -m "$mem" \
		-kernel "$kernel" "${initrd[@]}" -append "$append" \
		-display none -serial stdio -monitor none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		"${qemu_extra[@]}" </dev/null 2>"$qemu_err" | tr -d '\r'
rc=${PIPESTATUS[0]}
set -e

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "run-lwk: timeout after $timeout s"
	exit 124
fi
# QEMU's own complaints (bad option, unloadable kernel) come on stderr.
if grep -q '^qemu-system-x86_64: ' "$qemu_err"; then
	cat "$qemu_err" >&2
	# A warning alone does not make the run fail.
	if grep -qv 'warning' "$qemu_err"; then
		echo "run-lwk: qemu failed (exit code $rc)" >&2
		exit 127
	fi
fi
cat "$qemu_err" >&2
if [ "$rc" -eq 0 ]; then
	exit 0		# ACPI power-off without the debug-exit write
fi
if [ $((rc & 1)) -eq 0 ]; then
	echo "run-lwk: unexpected qemu exit code $rc" >&2
	exit 127
fi
exit $((rc >> 1))
