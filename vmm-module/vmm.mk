# v3vmm.ko, built with kbuild against the kernel headers in KDIR: by
# default the installed linux-headers-amd64 (the emulated host's kernel);
# on a real host, KDIR=/lib/modules/$(uname -r)/build. kbuild builds in
# the source tree (objects are git-ignored); the module is copied to
# $(BUILD)/v3vmm.ko.
KDIR ?= $(firstword $(wildcard /usr/src/linux-headers-*-amd64))
VMM_SRCS := Kbuild vmm-module/taken-core-symbols.txt $(wildcard vmm-module/*.c vmm-module/*.h vmm-module/uapi/*.h \
	vmm-module/arch/x86/*.c vmm-module/arch/x86/*.h vmm-module/arch/x86/*.S)

ifneq ($(KDIR),)
all: $(BUILD)/v3vmm.ko
endif

# The build's output is kept in $(BUILD)/v3vmm.log: the test
# module_build_clean checks that it has no warning (objtool's included).
$(BUILD)/v3vmm.ko: $(VMM_SRCS)
	@test -n "$(KDIR)" || { echo "no kernel headers: install linux-headers-amd64 (scripts/install-deps.sh) or set KDIR" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(MAKE) -s -C $(KDIR) M=$(CURDIR) modules >$(BUILD)/v3vmm.log 2>&1; \
		rc=$$?; cat $(BUILD)/v3vmm.log; exit $$rc
	cp v3vmm.ko $@
	@# The objects, for the taken-core check (scripts/check-taken-core.sh).
	@rm -rf $(BUILD)/vmm-obj && mkdir -p $(BUILD)/vmm-obj
	@find vmm-module -name '*.o' ! -name '*.mod.o' | \
		xargs cp --parents -t $(BUILD)/vmm-obj

# The module for the emulated host's Linux 6.12 (images/emuhost/emuhost
# --kernel 6.12): the sources staged in $(BUILD)/kmod-6.12 and built there
# against the 6.12 headers that scripts/fetch-host-kernel.sh unpacks
# (a 124 MB download the first time). `make check` builds it.
$(BUILD)/v3vmm-6.12.ko: $(VMM_SRCS) scripts/fetch-host-kernel.sh
	@eval "$$(BUILD=$(BUILD) scripts/fetch-host-kernel.sh --kernel 6.12)" && \
	rm -rf $(BUILD)/kmod-6.12 && mkdir -p $(BUILD)/kmod-6.12 && \
	cp --parents $(VMM_SRCS) $(BUILD)/kmod-6.12/ && \
	{ $(MAKE) -s -C "$$HEADERS" M=$(CURDIR)/$(BUILD)/kmod-6.12 modules \
		>$(BUILD)/v3vmm-6.12.log 2>&1; rc=$$?; \
		cat $(BUILD)/v3vmm-6.12.log; exit $$rc; }
	cp $(BUILD)/kmod-6.12/v3vmm.ko $@

# DKMS (vmm-module/dkms.conf.in): the module's sources staged as a DKMS
# source tree, and its installation for the running kernel (or KVER).
# The version counts the commits, so each update is a new DKMS version.
V3VMM_VERSION := 0.$(shell git rev-list --count HEAD 2>/dev/null || echo 0)
DKMS_SRC := $(BUILD)/dkms/v3vmm
KVER ?= $(shell uname -r)

ifneq ($(KDIR),)
all: dkms-src
endif

.PHONY: dkms-src dkms-install
dkms-src: $(DKMS_SRC)/dkms.conf
$(DKMS_SRC)/dkms.conf: $(VMM_SRCS) vmm-module/dkms.conf.in
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp --parents $(VMM_SRCS) $(DKMS_SRC)/
	sed 's/@VERSION@/$(V3VMM_VERSION)/' vmm-module/dkms.conf.in >$@

dkms-install: dkms-src
	dkms remove -m v3vmm -v $(V3VMM_VERSION) --all 2>/dev/null || true
	dkms add $(CURDIR)/$(DKMS_SRC)
	dkms build -m v3vmm -v $(V3VMM_VERSION) -k $(KVER)
	dkms install -m v3vmm -v $(V3VMM_VERSION) -k $(KVER)
