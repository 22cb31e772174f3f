#!/bin/bash
# make demo: the whole v3vee story on the emulated host (images/emuhost:
# QEMU TCG with AMD SVM and nested paging, Debian's stock Linux kernel).
# In that host, as root: load v3vmm.ko, create a VM from 1 GB and three
# cores taken from Linux running HPCCG in the LWK, read its output, show
# its statistics and what Linux lost meanwhile, destroy it, and show
# that Linux has everything back.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}

cat <<'MSG'
== v3vee demo ==
Booting an emulated host: QEMU (TCG) with AMD SVM and nested paging,
4 CPUs, 3 GB, running Debian's stock Linux kernel. Everything below runs
there as root. v3vmm.ko takes three cores and 1 GB of memory blocks away
from Linux (which keeps CPU 0) and boots the LWK on them; HPCCG
(unmodified, static, OpenMP) runs in the LWK on 3 threads and its output
comes back through `v3ctl console`.
------------------------------------------------------------------------
MSG
status=0
images/emuhost/emuhost --smp 4 --mem 3G --timeout 900 '
show() { echo; echo "\$ $*"; "$@"; }
cpus() { echo "Linux online CPUs: $(cat /sys/devices/system/cpu/online), MemTotal: $(awk "/^MemTotal/ {print \$2}" /proc/meminfo) kB"; }
cpus
show insmod v3vmm.ko || exit 1
show ./v3ctl create lwk.img --mem 1G --cores 3 -- ./hpccg 32 32 32 || exit 1
echo; echo "While the VM runs, Linux has lost three cores and 1 GB:"
cpus
grep "v3vmm" /proc/iomem | head -n 3
show ./v3ctl console vm0 -f
show ./v3ctl stats vm0
show ./v3ctl destroy vm0 || exit 1
echo; echo "After destroy, Linux has everything back:"
cpus
show rmmod v3vmm
' || status=$?
echo "------------------------------------------------------------------------"
cat <<'MSG'
What you saw: `v3ctl create` took 8 memory blocks (a whole 1 GB-aligned
gigabyte, mapped with one 1 GB nested page: npt_ram_1g 1, npt_ram_4k 0)
and three CPUs, which Linux shows offline while the VM exists. The LWK
started its two APs with INIT/SIPI (virtualised by the VMM: vcpus_started
3), printed through a hypercall (exits.vcpu0.vmmcall), and its writes to
its local APIC were checked (exits.vcpuN.apic: timer setup, wake-up
IPIs); physical interrupts go straight to the guest (no intr exits). On
real AMD hardware the same commands run without the emulated host: see
README.md.
MSG
exit "$status"
