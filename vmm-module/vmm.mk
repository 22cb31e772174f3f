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

$(BUILD)/v3vmm.ko: $(VMM_SRCS)
	@test -n "$(KDIR)" || { echo "no kernel headers: install linux-headers-amd64 (scripts/install-deps.sh) or set KDIR" >&2; exit 1; }
	$(MAKE) -s -C $(KDIR) M=$(CURDIR) modules
	@mkdir -p $(dir $@)
	cp v3vmm.ko $@
	@# The objects, for the taken-core check (scripts/check-taken-core.sh).
	@rm -rf $(BUILD)/vmm-obj && mkdir -p $(BUILD)/vmm-obj
	@find vmm-module -name '*.o' ! -name '*.mod.o' | \
		xargs cp --parents -t $(BUILD)/vmm-obj
