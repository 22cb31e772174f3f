#!/bin/bash
# make demo: boots the LWK natively in QEMU (TCG) and runs one unmodified
# static Linux program in it: HPCCG if it was built, else hello.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

if [ -x "$BUILD/hpccg" ]; then
	prog=("$BUILD/hpccg" 32 32 32)
	timeout=600
else
	prog=("$BUILD/tests/hello" a b)
	timeout=60
fi

cat <<MSG
== v3vee demo ==
Booting the LWK ($BUILD/lwk.img) on an emulated PC (QEMU, 4 CPUs, 512 MB)
with the unmodified static Linux program ${prog[*]}
as its Multiboot module; OpenMP uses one thread per CPU. Below is the
machine's serial console: the program's own output, then the LWK's
"lwk: program exited with status N", the interrupts each CPU took (no
periodic tick: "timer=0" while one thread computes per core), and the
files the program wrote (kept in the LWK's in-memory file system). Then
the LWK powers the machine off.
------------------------------------------------------------------------
MSG
status=0
tests/lib/run-lwk.sh --smp 4 --timeout "$timeout" \
	--append "FOO=bar lwk.irqstats" "${prog[@]}" ||
	status=$?
echo "------------------------------------------------------------------------"
case $status in
124) echo "The machine did not power off within $timeout s." ;;
125) echo "The LWK panicked." ;;
127) echo "QEMU could not run the LWK." ;;
*) echo "The machine powered off; the program's exit status was $status." ;;
esac
exit "$status"
