#!/bin/bash
# Builds a BIOS-bootable GRUB rescue ISO that boots the LWK and runs one
# program.
#
# usage: mkiso.sh [--append "KERNEL ARGS"] OUT.iso LWK.img PROGRAM [ARGS...]
#
# The kernel command line defaults to "lwk.showfiles".
set -euo pipefail

usage() {
	echo "usage: mkiso.sh [--append \"KERNEL ARGS\"] OUT.iso LWK.img PROGRAM [ARGS...]" >&2
	exit 2
}

kernel_args="lwk.showfiles"
if [ "${1:-}" = "--append" ]; then
	[ $# -ge 2 ] || usage
	kernel_args=$2
	shift 2
fi
[ $# -ge 3 ] || usage
out=$1
lwk=$2
prog=$3
shift 3
name=$(basename "$prog")
here=$(cd "$(dirname "$0")" && pwd)

# grub.cfg takes the arguments as they are: no quoting, no substitution.
for a in "$name" "$@" $kernel_args; do
	case $a in
	*[\"\'\$\\\;\{\}\|\&@]*)
		echo "mkiso: \"$a\" has characters grub.cfg would interpret" >&2
		exit 2 ;;
	esac
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$lwk" "$stage/boot/lwk.img"
cp "$prog" "$stage/boot/$name"
sed -e "s|@PROGRAM@|$name|g" -e "s|@ARGS@|$*|" \
	-e "s|@KERNEL_ARGS@|$kernel_args|" \
	"$here/grub.cfg.in" >"$stage/boot/grub/grub.cfg"

# grub-mkrescue (xorriso) is chatty; show its output only if it fails.
if ! log=$(grub-mkrescue -o "$out.tmp" "$stage" 2>&1); then
	echo "$log" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv "$out.tmp" "$out"
