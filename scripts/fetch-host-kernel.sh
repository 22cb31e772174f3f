#!/bin/sh
# Fetches and unpacks the Debian kernel the emulated host boots: the
# linux-image package of exactly the ABI and version of the installed
# linux-headers-amd64, so that a module built against those headers
# (/usr/src/linux-headers-ABI) loads in it. The .deb comes from Debian's
# archive with `apt-get download` and is unpacked with `dpkg-deb -x`; the
# package is never installed. Both are cached: a second run is quick and
# needs no network.
#
# usage: scripts/fetch-host-kernel.sh [--vmlinuz] [DIR]
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
if [ "${1:-}" = "--vmlinuz" ]; then
	only_vmlinuz=1
	shift
fi
dir=${1:-${BUILD:-build}/hostkernel}

die() {
	echo "fetch-host-kernel: $*" >&2
	exit 1
}

installed_version() {
	dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}

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
		echo "fetch-host-kernel: downloading $image_pkg $version" >&2
		tmp=$(mktemp -d "$dir/.download.XXXXXX")
		if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$image_pkg=$version" >&2); then
			rm -rf "$tmp"
			die "apt-get download $image_pkg=$version failed; run apt-get update as root and retry"
		fi
		mv "$tmp"/*.deb "$deb"
		rm -rf "$tmp"
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
