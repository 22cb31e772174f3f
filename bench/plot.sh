#!/bin/bash
# Plots of make bench (bench/run-bench.sh), with gnuplot: for each
# configuration of OUTDIR/selfish.tsv, its detours as length (instructions)
# against time, raw (as the loop saw them, with the emulator's round-robin
# turns) and net (what is left once those are removed); and one chart of
# every configuration's net detours together.
#
# usage: bench/plot.sh OUTDIR PNGDIR
set -euo pipefail

out=$1
png=$2
command -v gnuplot >/dev/null || { echo "plot: no gnuplot (make deps installs gnuplot-nox)" >&2; exit 1; }
mkdir -p "$png"

common='set terminal pngcairo size 900,420 font "sans,10" noenhanced
set logscale y
set format y "10^{%L}"
set format y "%.0e"
set xlabel "time (s of virtual time)"
set ylabel "detour length (instructions)"
set grid ytics
set key outside right top'

combined=()
while IFS=$'\t' read -r cfg what cpus window rest; do
	[ "$cfg" = config ] && continue
	dat=$out/data/$cfg.dat
	[ -f "$dat" ] || continue
	gnuplot <<EOF
$common
set output "$png/selfish-$cfg.png"
set title "selfish-detour: $what ($cpus measured, ${window} s, -icount shift=0)"
set xrange [0:$window]
set yrange [1000:1e9]
plot "$dat" using 1:(strcol(3) eq "raw" ? \$2 : 1/0) with points pt 7 ps 0.4 lc rgb "#bbbbbb" title "raw (with round-robin turns)", \
     "$dat" using 1:(strcol(3) eq "own" ? \$2 : 1/0) with points pt 7 ps 0.6 lc rgb "#c00000" title "net, own", \
     "$dat" using 1:(strcol(3) eq "switch" ? \$2 : 1/0) with points pt 6 ps 0.8 lc rgb "#0050c0" title "net, at a vCPU switch"
EOF
	combined+=("\"$dat\" using 1:(strcol(3) ne \"raw\" ? \$2 : 1/0) with points pt 7 ps 0.5 title \"$cfg: $what\"")
done <"$out/selfish.tsv"

if [ ${#combined[@]} -gt 0 ]; then
	list=$(printf '%s, ' "${combined[@]}")
	gnuplot <<EOF
$common
set terminal pngcairo size 1000,480 font "sans,10" noenhanced
set output "$png/selfish-all.png"
set title "selfish-detour, net of the round-robin artifact, every configuration (-icount shift=0)"
set yrange [1000:1e7]
plot ${list%, }
EOF
fi
echo "plot: PNGs in $png" >&2
