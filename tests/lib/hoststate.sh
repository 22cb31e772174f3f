# shellcheck shell=sh
# Sourced inside the emulated host by the VMM tests: what Linux owns.
#	snapshot	one line: online CPUs, online memory blocks, MemTotal
#	memtotal	MemTotal in kB
#	cpu_online N	1 or 0
#	movable_blocks	the online blocks in ZONE_MOVABLE

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

# The online memory blocks in ZONE_MOVABLE (what a VM can take).
movable_blocks() {
	for b in /sys/devices/system/memory/memory*; do
		[ "$(cat "$b/state")" = online ] &&
			[ "$(cat "$b/valid_zones")" = Movable ] && echo "${b##*/}"
	done | sort | tr '\n' ' '
}
