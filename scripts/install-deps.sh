#!/bin/sh
# Installs the Debian 12 packages v3vee needs to build and test, if any is
# missing. Quiet when everything is already there; safe to run repeatedly.
# Run as root (make deps, make check and make demo call it).
set -eu

missing=""

# need PACKAGE PATH...: PACKAGE is needed unless every PATH exists. A PATH
# without a slash is a command looked up in $PATH.
need() {
	pkg=$1
	shift
	for f in "$@"; do
		case $f in
		*/*) [ -e "$f" ] && continue ;;
		*) command -v "$f" >/dev/null 2>&1 && continue ;;
		esac
		case " $missing " in
		*" $pkg "*) ;;
		*) missing="$missing $pkg" ;;
		esac
		return 0
	done
}

# Toolchain: the LWK, the unit tests and the static test programs.
need gcc gcc
need g++ g++
need make make
need binutils as ld objcopy
need libc6-dev /usr/include/stdio.h /usr/lib/x86_64-linux-gnu/libc.a
need libstdc++-12-dev /usr/lib/gcc/x86_64-linux-gnu/12/libstdc++.a
# guest-libc (v3vee-cc): newlib is built from this package's tarball.
need newlib-source /usr/src/newlib/newlib-3.3.0.tar.xz
need linux-libc-dev /usr/include/x86_64-linux-gnu/asm/unistd_64.h
# The fuzz targets (tests/fuzz/): clang and its libFuzzer runtime, which
# Debian 12 ships in libclang-rt-14-dev (make unit-tests builds them, the
# fuzz_replay test runs them).
need clang clang
need libclang-rt-14-dev \
	/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a

# Running the LWK natively and from a GRUB ISO, and the emulated hosts.
# QEMU 10 (bookworm-backports) is the version the tests are run with: it
# emulates x2APIC under TCG, which QEMU 7.2 (bookworm) does not. The
# backports suite is enabled below when QEMU is missing or older than 10.
qemu_major() {
	qemu-system-x86_64 --version 2>/dev/null |
		sed -n 's/^QEMU emulator version \([0-9]*\)\..*/\1/p'
}
qemu_old=0
case $(qemu_major) in
'' | [0-9]) qemu_old=1 ;;
esac
[ $qemu_old = 1 ] && missing="$missing qemu-system-x86"
need grub-common grub-mkrescue
need grub-pc-bin /usr/lib/grub/i386-pc/multiboot.mod
need xorriso xorriso
need mtools mformat

# need_pkg PACKAGE: PACKAGE is needed unless dpkg has it installed (for
# packages with no file of a fixed name to look for).
need_pkg() {
	if ! dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
			grep -q 'ok installed'; then
		missing="$missing $1"
	fi
}

# The emulated host (images/emuhost): its initramfs needs the static
# busybox, not the dynamically linked one from the busybox package, and
# cpio to pack it.
need_pkg busybox-static
need cpio cpio
# v3vmm.ko is built with kbuild against these headers (the emulated host
# boots the kernel of the same ABI: scripts/fetch-host-kernel.sh fetches
# the matching linux-image package and unpacks it, without installing it).
# kmod: modinfo, to check a module's vermagic.
need_pkg linux-headers-amd64
need kmod /bin/kmod
# dkms: the test that builds and installs the module the way a node
# whose kernel is updated does (make dkms-install). dwarves (pahole):
# kbuild of Linux 6.12 needs it for modules (BTF).
need dkms dkms
need dwarves pahole

# The emulated Intel host (images/emuhost/emuhost --intel): Bochs emulates
# VMX with EPT (QEMU TCG has no VMX); its BIOS and VGA ROM come separately.
need bochs bochs
need bochsbios /usr/share/bochs/BIOS-bochs-latest
need vgabios /usr/share/vgabios/vgabios.bin

# make bench: python3 (bench/analyze.py) and gnuplot (bench/plot.sh; the
# -nox build, without X11, is enough for PNGs).
need python3 /usr/bin/python3
need gnuplot-nox gnuplot

# clang-format (make format) is optional and deliberately not required.

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root (e.g. sudo scripts/install-deps.sh) to install them" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ $qemu_old = 1 ]; then
	# Debian's own backports suite, signed by the same archive key.
	src=/etc/apt/sources.list.d/v3vee-backports.sources
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list \
			/etc/apt/sources.list.d/; then
		echo "install-deps: enabling Debian's bookworm-backports ($src)"
		cat >"$src" <<-EOS
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: bookworm-backports
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
		EOS
	fi
	echo "install-deps: installing qemu-system-x86 from bookworm-backports"
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends \
		-t bookworm-backports qemu-system-x86 >/dev/null
	if [ "$(qemu_major)" -lt 10 ] 2>/dev/null || [ -z "$(qemu_major)" ]; then
		echo "install-deps: qemu-system-x86_64 is still older than 10" >&2
		exit 1
	fi
	missing=$(echo "$missing" | sed 's/ qemu-system-x86//')
	[ -z "$missing" ] && exit 0
fi

echo "install-deps: installing$missing"
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
