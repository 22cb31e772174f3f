# shellcheck shell=sh
# Sourced inside the emulated host by the VMM tests: what Linux owns.
#	snapshot	one line: online CPUs, online memory blocks, MemTotal
#	memtotal	MemTotal in kB
#	cpu_online N	1 or 0

online_blocks() {
	for b in /sys/devices/system/memory/memory*; do
		[ "$(cat "$b/state")" = online ] && echo "${b##*/}"
	done | sort | tr '\n' ' '
}

memtotal() {
	awk '/^MemTotal/ {print $2}' /proc/meminfo
}

cpu_online() {
	cat "/sys/devices/system/cpu/cpu$1/online"
}

snapshot() {
	echo "cpus=$(cat /sys/devices/system/cpu/online) memtotal=$(memtotal) blocks=$(online_blocks)"
}
