#!/bin/bash
# Checks that the code of v3vmm.ko that runs on a taken core references no
# Linux symbol but those allowed in vmm-module/taken-core-symbols.txt.
#
# usage: scripts/check-taken-core.sh [-v] [LIST [OBJDIR]]
#
# OBJDIR holds the module's objects as kbuild built them, at their source
# paths (vmm-module/...o; the module build copies them to $BUILD/vmm-obj).
# The code that runs on a taken core is found, not listed: every function
# of the objects LIST marks "root" (and code without a symbol, such as
# alternatives, in every object it lists), then, transitively, every function
# they call or whose address they take (direct calls within an object,
# relocations against the module's own symbols across objects). Each such
# function must lie in an object LIST names (Kbuild builds those without
# ftrace and the stack protector), and each symbol it references that the
# module does not define must be allowed by LIST. Prints one line per
# violation, naming the object, the function and the symbol, and exits 1.
# Indirect calls are not followed (the taken-core code makes none).
# -v also lists every function found to run on a taken core.
set -uo pipefail

verbose=0
if [ "${1:-}" = -v ]; then
	verbose=1
	shift
fi

cd "$(dirname "$0")/.." || exit 2
list=${1:-vmm-module/taken-core-symbols.txt}
objdir=${2:-${BUILD:-build}/vmm-obj}

if [ ! -r "$list" ]; then
	echo "check-taken-core: cannot read $list" >&2
	exit 2
fi
mapfile -t objs < <(cd "$objdir" 2>/dev/null && find . -name '*.o' ! -name '*.mod.o' | sed 's|^\./||' | sort)
if [ ${#objs[@]} -eq 0 ]; then
	echo "check-taken-core: no objects in $objdir (make build/v3vmm.ko)" >&2
	exit 2
fi
for o in $(awk '$1 == "object" { print $2 }' "$list"); do
	if [ ! -e "$objdir/$o" ]; then
		echo "check-taken-core: $list names $o, which the module build did not produce" >&2
		exit 2
	fi
done

# One stream for awk: the list, the module's global definitions, then each
# object's disassembly with relocations.
{
	sed 's/^/L /' "$list"
	for o in "${objs[@]}"; do
		nm --defined-only "$objdir/$o" |
			awk -v o="$o" '$2 ~ /^[A-Z]$/ { print "D", o, $3 }'
	done
	for o in "${objs[@]}"; do
		echo "O $o"
		objdump -dr --no-show-raw-insn "$objdir/$o" | sed 's/^/X /'
	done
} | awk -v listname="$list" -v verbose=$verbose '
function base(name) {
	# f.cold, f.part.0, f.isra.0, f.constprop.0 are parts of f
	if (name !~ /^\./)
		sub(/\..*$/, "", name)
	return name
}
$1 == "L" && $2 == "object" {
	listed[$3] = 1
	if ($4 == "root")
		root[$3] = 1
	next
}
$1 == "L" && $2 == "allow" { allow[$3] = 1; next }
$1 == "L" { next }
$1 == "D" { defobj[$3] = $2; next }
$1 == "O" { obj = $2; fn = ""; next }
# "X 0000000000000040 <arch_core_area_init>:" starts a function (or a
# section without symbols, e.g. <.altinstr_replacement>).
$1 == "X" && $3 ~ /^<.*>:$/ {
	name = base(substr($3, 2, length($3) - 3))
	fn = obj ":" name
	# Code without a symbol (alternatives, .altinstr_aux) is checked in
	# every listed object: which function it belongs to is not known.
	if ((obj in root) || ((obj in listed) && name ~ /^\./))
		queue[++qn] = fn
	next
}
$1 == "X" && fn != "" && /R_X86_64_/ {
	sym = $NF
	sub(/[-+]0x[0-9a-f]+$/, "", sym)
	if (sym ~ /^\./)
		next		# a section: a static in another section
	nref[fn] = nref[fn] " " sym
	next
}
# A direct call or jump to another function of the same object.
$1 == "X" && fn != "" && match($0, /<[^>+]+>$/) {
	t = obj ":" base(substr($0, RSTART + 1, RLENGTH - 2))
	if (t != fn)
		ncall[fn] = ncall[fn] " " t
}
END {
	bad = 0
	for (i = 1; i <= qn; i++) {
		f = queue[i]
		if (f in seen)
			continue
		seen[f] = 1
		split(f, p, ":")
		if (verbose)
			printf "taken-core: runs on a taken core: %s %s\n", p[1], p[2]
		if (!(p[1] in listed)) {
			printf "taken-core: %s: %s runs on a taken core, but %s is not an object in %s\n", p[1], p[2], p[1], listname
			bad++
		}
		n = split(ncall[f], c, " ")
		for (j = 1; j <= n; j++)
			queue[++qn] = c[j]
		n = split(nref[f], r, " ")
		for (j = 1; j <= n; j++) {
			s = r[j]
			if (s in defobj) {
				queue[++qn] = defobj[s] ":" base(s)
			} else if (!(s in allow) && !((p[1] ":" s) in reported)) {
				reported[p[1] ":" s] = 1
				printf "taken-core: %s: %s references %s, which is not allowed in %s\n", p[1], p[2], s, listname
				bad++
			}
		}
	}
	if (qn == 0) {
		print "taken-core: no root object found"
		bad++
	}
	exit bad ? 1 : 0
}'
