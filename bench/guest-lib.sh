# shellcheck shell=sh
# Shell functions bench/run-bench.sh runs on the emulated host (busybox
# sh, in /v3vee): each prints its results between "@@" markers that
# bench/analyze.py reads. Sourced there with `. ./guest-lib.sh`.

TH=1000		# detour threshold in cycles (= instructions under icount)
probe_pids=""
probe_cpus=""

# probe_start CPU...: a selfish probe pinned to each CPU, running until
# probe_stop. They mark when a vCPU that is not measured runs, so that
# bench/analyze.py can tell the emulator's round robin from real noise.
probe_start() {
	for c in "$@"; do
		taskset -c "$c" ./selfish -d 100000 --threshold $TH \
			--csv "/tmp/probe$c.csv" >"/tmp/probe$c.out" 2>&1 &
		probe_pids="$probe_pids $!"
		probe_cpus="$probe_cpus $c"
	done
	# Past their calibration (0.1 s) and minimum probe before measuring.
	sleep 1
}

# probe_stop: ends the probes (SIGUSR1) and prints their records.
probe_stop() {
	for p in $probe_pids; do
		kill -USR1 "$p"
	done
	for p in $probe_pids; do
		wait "$p"
	done
	for c in $probe_cpus; do
		echo "@@ selfish probe"
		cat "/tmp/probe$c.out" "/tmp/probe$c.csv"
		echo "@@ end"
	done
	probe_pids=""
	probe_cpus=""
}

# measure_linux CPULIST THREADS SECONDS: selfish on the host's Linux.
measure_linux() {
	echo "@@ selfish measured"
	taskset -c "$1" ./selfish -d "$3" -t "$2" --threshold $TH \
		--csv /tmp/m.csv || echo "@@ kv error selfish failed"
	cat /tmp/m.csv
	echo "@@ end"
}

# stamp LABEL: the TSC now, as "@@ kv LABEL N".
stamp() {
	echo "@@ kv $1 $(./tscstamp | sed 's/^tsc - //')"
}

# vm_run CORES MEM PROGRAM ARGS...: creates a VM with the LWK running
# PROGRAM, stamps the phases (create_start, create_done, console_done,
# destroy_done; the program's own stamps come through its console), and
# prints its console and exit and interrupt counts.
vm_run() {
	cores=$1 mem=$2
	shift 2
	stamp create_start
	name=$(./v3ctl create lwk.img --mem "$mem" --cores "$cores" \
		--cmdline "lwk.irqstats lwk.showfiles" -- "$@") ||
		{ echo "@@ kv error v3ctl create failed"; return 1; }
	stamp create_done
	./v3ctl console "$name" -f
	stamp console_done
	./v3ctl stats "$name" >/tmp/stats
	echo "@@ kv run_exits $(sed -n 's/^run_exits\.vcpu[0-9]*: //p' /tmp/stats | awk '{ s += $1 } END { print s }')"
	echo "@@ kv guest_timer $(sed -n 's/^guest_timer_irqs\.vcpu[0-9]*: //p' /tmp/stats | awk '{ s += $1 } END { print s }')"
	stamp destroy_start
	./v3ctl destroy "$name" >/dev/null || echo "@@ kv error v3ctl destroy failed"
	stamp destroy_done
}

# measure_vm CORES SECONDS: selfish in the LWK in a VM on CORES taken
# cores, every other CPU of the host probed.
measure_vm() {
	echo "@@ selfish measured"
	vm_run "$1" 256M ./selfish -d "$2" -t "$1" --threshold $TH --csv d.csv
	echo "@@ end"
}

# apps PREFIX RUNNER...: STREAM, HPCCG and phpccg with one thread, each
# between "@@ app PREFIX NAME" markers, run by RUNNER (e.g. taskset -c 1,
# or vm_run 1 256M).
apps() {
	prefix=$1
	shift
	echo "@@ app $prefix stream"
	"$@" ./stream -n 1000000 -t 5
	echo "@@ app $prefix hpccg"
	"$@" ./hpccg 16 16 16
	echo "@@ app $prefix phpccg"
	"$@" ./phpccg 16 16 16
	echo "@@ app end"
}

# memcost CORES MEM: the create/boot/destroy stamps of a VM running
# tscstamp, and a Linux process's memset of the same size.
memcost() {
	echo "@@ cost $1 $2"
	vm_run "$1" "$2" ./tscstamp program_start
	./tscstamp --memset "$(($(echo "$2" | tr -d M)))"
	echo "@@ cost end"
}

# offline_cost MB: how long Linux itself takes to offline, then online
# again, MB of movable memory (the highest online blocks), by hand
# through sysfs: the part of a VM's create (and destroy) that is Linux's
# memory hotplug, for the breakdown of the cost figures.
offline_cost() {
	bs=$(($(cat /sys/devices/system/memory/block_size_bytes | sed 's/^/0x/') / 1048576))
	n=$(($1 / bs))
	blocks=$(for d in /sys/devices/system/memory/memory*; do
		[ "$(cat "$d/state")" = online ] || continue
		grep -q Movable "$d/valid_zones" 2>/dev/null || continue
		echo "${d##*memory}"
	done | sort -n | tail -n "$n")
	echo "@@ hotplug $1"
	stamp offline_start
	for b in $blocks; do
		echo offline >"/sys/devices/system/memory/memory$b/state" ||
			echo "@@ kv error offline memory$b failed"
	done
	stamp offline_done
	for b in $blocks; do
		echo online_movable >"/sys/devices/system/memory/memory$b/state" ||
			echo "@@ kv error online memory$b failed"
	done
	stamp online_done
	echo "@@ hotplug end"
}
