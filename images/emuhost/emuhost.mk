# The emulated host (images/emuhost/emuhost): Debian's kernel of the
# installed linux-headers-amd64 ABI, fetched and unpacked into
# $(BUILD)/hostkernel/, and the cached part of its initramfs,
# $(BUILD)/emuhost/base.cpio.gz.
#
#   make emuhost    fetch the kernel (~70 MB download the first time) and
#                   build the initramfs; the emuhost script does the same
#                   on demand, so nothing needs this first
#
# Not part of `all`: the first fetch downloads a 70 MB package, and the
# initramfs picks up v3vmm.ko, v3ctl and the benchmarks whenever they
# change, at each emuhost run.

EMUHOST_HEADERS_STAMP := $(wildcard /var/lib/dpkg/info/linux-headers-amd64.list)

.PHONY: emuhost
emuhost: $(BUILD)/hostkernel/vmlinuz
	@BUILD=$(BUILD) images/emuhost/emuhost --prepare

# The kernel is refetched when the headers package changes. The script
# rewrites vmlinuz only when it changed; touch keeps make from rerunning it.
$(BUILD)/hostkernel/vmlinuz: scripts/fetch-host-kernel.sh $(EMUHOST_HEADERS_STAMP)
	@BUILD=$(BUILD) scripts/fetch-host-kernel.sh >/dev/null
	@touch $@
