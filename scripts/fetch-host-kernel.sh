#!/bin/sh
# Fetches and unpacks the Debian kernel the emulated host boots: the
# linux-image package of exactly the ABI and version of the installed
# linux-headers-amd64, so that a module built against those headers
# (/usr/src/linux-headers-ABI) loads in it. The .deb comes from Debian's
# archive with `apt-get download` and is unpacked with `dpkg-deb -x`; the
# package is never installed. Both are cached: a second run is quick and
# needs no network.
#
# usage: scripts/fetch-host-kernel.sh [--kernel SERIES] [--vmlinuz] [DIR]
#
# SERIES is 6.1 (the default: the kernel of the installed
# linux-headers-amd64, Debian 12's own) or 6.12 (Debian 12's newer
# kernel, linux-image-6.12-amd64 in bookworm-security: its headers are
# downloaded and unpacked too, into DIR/ABI/headers, never installed).
#
# DIR defaults to $BUILD/hostkernel (BUILD defaults to build). Prints
#
#	VMLINUZ=DIR/ABI/boot/vmlinuz-ABI	(absolute path)
#	ABI=6.1.0-56-amd64			(uname -r of the kernel)
#	VERSION=6.1.192-2			(Debian package version)
#	HEADERS=/usr/src/linux-headers-ABI	(kbuild tree for modules)
#
# (shell assignments, for eval), or with --vmlinuz only the vmlinuz path.
# Also keeps DIR/vmlinuz (a copy) and DIR/abi (ABI and VERSION) current,
# for make. Exits 1 with a message saying what to run if the headers are
# missing or the archive no longer has the matching image.
set -eu

only_vmlinuz=0
series=6.1
while [ $# -gt 0 ]; do
	case $1 in
	--vmlinuz) only_vmlinuz=1; shift ;;
	--kernel) [ $# -ge 2 ] || { echo "fetch-host-kernel: --kernel needs 6.1 or 6.12" >&2; exit 2; }
		series=$2; shift 2 ;;
	*) break ;;
	esac
done
case $series in
6.1 | 6.12) ;;
*) echo "fetch-host-kernel: unknown kernel series $series (6.1 or 6.12)" >&2; exit 2 ;;
esac
dir=${1:-${BUILD:-build}/hostkernel}

die() {
	echo "fetch-host-kernel: $*" >&2
	exit 1
}

installed_version() {
	dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}

# fetch_debs DEST PACKAGE=VERSION...: apt-get download into DEST, with a
# message that says what to run when the archive does not answer.
fetch_debs() {
	dest=$1
	shift
	echo "fetch-host-kernel: downloading $*" >&2
	tmp=$(mktemp -d "$dest/.download.XXXXXX")
	if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$@" >&2); then
		rm -rf "$tmp"
		die "apt-get download $* failed; run apt-get update as root and retry"
	fi
	mv "$tmp"/*.deb "$dest/"
	rm -rf "$tmp"
}

# Linux 6.12: image and headers of the newest linux-headers-6.12-amd64
# the archive offers, unpacked under DIR/ABI (boot/ and headers/).
if [ "$series" = 6.12 ]; then
	mkdir -p "$dir"
	exec 9>"$dir/.lock"
	flock 9
	version=$(apt-cache policy linux-headers-6.12-amd64 2>/dev/null |
		sed -n 's/^ *Candidate: //p')
	if [ -z "$version" ] || [ "$version" = "(none)" ]; then
		# No package lists (offline): the newest tree fetched before.
		last=$(ls -d "$dir"/6.12.*/.unpacked-* 2>/dev/null | sort -V | tail -n 1)
		[ -n "$last" ] ||
			die "the archive offers no linux-headers-6.12-amd64; run apt-get update as root (Debian 12's bookworm-security has it)"
		abi=$(basename "$(dirname "$last")")
		version=${last##*/.unpacked-}
	else
		abi=$(apt-cache depends "linux-headers-6.12-amd64=$version" 2>/dev/null |
			sed -n 's/^ *Depends: linux-headers-\(6\.12[^ ]*-amd64\)$/\1/p' | head -n 1)
		[ -n "$abi" ] || die "cannot tell which headers linux-headers-6.12-amd64 $version depends on"
	fi
	tree=$dir/$abi
	common=${abi%-amd64}-common
	if [ ! -f "$tree/.unpacked-$version" ]; then
		rm -rf "$tree"
		mkdir -p "$tree/debs"
		fetch_debs "$tree/debs" "linux-image-$abi=$version" \
			"linux-headers-$abi=$version" "linux-headers-$common=$version" \
			"linux-kbuild-${abi%-amd64}=$version"
		dpkg-deb --fsys-tarfile "$tree"/debs/linux-image-*.deb |
			tar -x -C "$tree" ./boot
		mkdir -p "$tree/headers"
		for deb in "$tree"/debs/linux-headers-*.deb "$tree"/debs/linux-kbuild-*.deb; do
			dpkg-deb -x "$deb" "$tree/headers"
		done
		# The headers' Makefile includes the common tree by its
		# absolute path under /usr/src: point it at the unpacked one.
		sed -i "s|^include /usr/src/|include $(cd "$tree/headers/usr/src" && pwd)/|" \
			"$tree/headers/usr/src/linux-headers-$abi/Makefile"
		rm -rf "$tree/debs"
		[ -f "$tree/boot/vmlinuz-$abi" ] || die "linux-image-$abi has no boot/vmlinuz-$abi"
		touch "$tree/.unpacked-$version"
	fi
	vmlinuz=$(cd "$tree/boot" && pwd)/vmlinuz-$abi
	headers=$(cd "$tree/headers/usr/src/linux-headers-$abi" && pwd)
	if [ $only_vmlinuz -eq 1 ]; then
		echo "$vmlinuz"
	else
		printf 'VMLINUZ=%s\nABI=%s\nVERSION=%s\nHEADERS=%s\n' \
			"$vmlinuz" "$abi" "$version" "$headers"
	fi
	exit 0
fi

# The headers are what a module is built against, so they decide. The
# installed metapackage names the ABI package it depends on.
meta_ver=$(installed_version linux-headers-amd64)
[ -n "$meta_ver" ] ||
	die "linux-headers-amd64 is not installed; run scripts/install-deps.sh as root (or make deps)"
headers_pkg=$(dpkg-query -W -f='${Depends}\n' linux-headers-amd64 |
	tr ',' '\n' | sed -n 's/^ *\(linux-headers-[^ ]*-amd64\).*/\1/p' | head -n1)
[ -n "$headers_pkg" ] || die "cannot tell which headers linux-headers-amd64 depends on"
abi=${headers_pkg#linux-headers-}
version=$(installed_version "$headers_pkg")
[ -n "$version" ] ||
	die "$headers_pkg is not installed; run scripts/install-deps.sh as root"
headers=/usr/src/linux-headers-$abi
[ -d "$headers" ] || die "$headers is missing; reinstall $headers_pkg"
image_pkg=linux-image-$abi

deb=$dir/${image_pkg}_${version}_amd64.deb
tree=$dir/$abi
vmlinuz=$tree/boot/vmlinuz-$abi

# Tests run in parallel and each may call this: one at a time.
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9

if [ ! -f "$tree/.unpacked-$version" ]; then
	if [ ! -f "$deb" ]; then
		# Say what the archive offers, so that a mismatch is explained.
		latest=$(apt-cache depends linux-image-amd64 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[^ ]*-amd64\)$/\1/p' |
			head -n1)
		avail=$(apt-cache madison "$image_pkg" 2>/dev/null |
			awk -v v="$version" '$3 == v { print v; exit }')
		if [ -z "$avail" ]; then
			msg="the archive has no $image_pkg $version to match the installed $headers_pkg $version"
			if [ -n "$latest" ] && [ "$latest" != "$image_pkg" ]; then
				msg="$msg (linux-image-amd64 now depends on $latest)"
			fi
			die "$msg; run as root: apt-get update && apt-get install linux-headers-amd64, then retry"
		fi
		fetch_debs "$dir" "$image_pkg=$version"
	fi
	got=$(dpkg-deb -f "$deb" Package Version | awk '{ print $2 }' | paste -sd ' ')
	[ "$got" = "$image_pkg $version" ] ||
		die "$deb holds $got, not $image_pkg $version; delete it and retry"
	rm -rf "$tree"
	mkdir -p "$tree"
	# Only the kernel itself is needed: the emulated host loads no module
	# but ours. Skipping lib/modules saves ~400 MB.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tree" ./boot
	[ -f "$vmlinuz" ] || die "$deb has no boot/vmlinuz-$abi"
	touch "$tree/.unpacked-$version"
fi

# Stable names for make; rewritten only when they change, so that make
# rebuilds only what depends on a new kernel.
if ! cmp -s "$vmlinuz" "$dir/vmlinuz"; then
	cp "$vmlinuz" "$dir/vmlinuz.tmp"
	mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
fi
printf 'ABI=%s\nVERSION=%s\n' "$abi" "$version" >"$dir/abi.tmp"
if cmp -s "$dir/abi.tmp" "$dir/abi"; then
	rm -f "$dir/abi.tmp"
else
	mv "$dir/abi.tmp" "$dir/abi"
fi

case $vmlinuz in
/*) ;;
*) vmlinuz=$(pwd)/$vmlinuz ;;
esac
if [ $only_vmlinuz -eq 1 ]; then
	echo "$vmlinuz"
else
	printf 'VMLINUZ=%s\nABI=%s\nVERSION=%s\nHEADERS=%s\n' \
		"$vmlinuz" "$abi" "$version" "$headers"
fi
