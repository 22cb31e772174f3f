#!/bin/sh
# Builds newlib for LWK programs from Debian's newlib-source package (the
# only input: nothing is downloaded) and installs its headers and
# libraries into OUT/include and OUT/lib.
#
# usage: build-newlib.sh OUT [TARBALL]
#
# newlib is configured for the bare x86_64-elf target and compiled with
# the host's gcc: it then has no operating-system layer of its own
# (--disable-newlib-supplied-syscalls), and guest-libc/syscalls.c gives it
# the LWK's Linux system calls. The build tree OUT/newlib-build is removed
# afterwards; its log stays in OUT/newlib-build.log.
set -eu

out=$1
tarball=${2:-/usr/src/newlib/newlib-3.3.0.tar.xz}
if [ ! -f "$tarball" ]; then
	echo "build-newlib: no $tarball: install Debian's newlib-source" \
		"(scripts/install-deps.sh)" >&2
	exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out/newlib-build
log=$out/newlib-build.log
jobs=${NEWLIB_JOBS:-2}

rm -rf "$work" "$out/include" "$out/lib/libc.a" "$out/lib/libm.a"
mkdir -p "$work/src" "$work/obj" "$out/lib"
start=$(date +%s)
echo "build-newlib: building newlib from $tarball (log: $log)"
tar -xJf "$tarball" -C "$work/src" --strip-components=1

# The target compiler is the host's gcc: x86_64-elf and x86_64-linux-gnu
# produce the same code; newlib puts its own headers first. No -g: the
# programs are compared with glibc's, whose libc.a carries none.
# -ffunction-sections and -fdata-sections let v3vee-cc's --gc-sections
# drop what a program does not use.
# HAVE_RENAME: rename() calls _rename (syscalls.c), not link+unlink.
# HAVE_BLKSIZE: stdio buffers are st_blksize bytes, not 1 KB.
nl_defs="-DHAVE_RENAME -DHAVE_BLKSIZE"
(
	cd "$work/obj"
	../src/configure --target=x86_64-elf --prefix="$work/stage" \
		--disable-multilib --disable-nls \
		--disable-newlib-supplied-syscalls \
		--enable-newlib-io-long-long --enable-newlib-io-c99-formats \
		--enable-newlib-register-fini \
		CC_FOR_TARGET=gcc AS_FOR_TARGET=as LD_FOR_TARGET=ld \
		AR_FOR_TARGET=ar RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm \
		OBJDUMP_FOR_TARGET=objdump READELF_FOR_TARGET=readelf \
		STRIP_FOR_TARGET=strip \
		CFLAGS_FOR_TARGET="-O2 -ffunction-sections -fdata-sections -fno-stack-protector $nl_defs"
	make -j"$jobs" all-target-newlib
	make install-target-newlib
) >"$log" 2>&1 || {
	echo "build-newlib: failed; the end of $log:" >&2
	tail -n 30 "$log" >&2
	exit 1
}

cp -R "$work/stage/x86_64-elf/include" "$out/include"
cp "$work/stage/x86_64-elf/lib/libc.a" "$work/stage/x86_64-elf/lib/libm.a" \
	"$out/lib/"
rm -rf "$work"
echo "build-newlib: done in $(($(date +%s) - start)) s"
