# Host-side unit tests: kernel sources compiled for the host against
# tests/unit/host_shim.c. Each test binary prints "N passed, N failed".
# To add one: UNIT_TESTS += name, name_SRCS := tests/unit/name.c + the
# kernel files it tests.

UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Ilwk/include \
	-Itests/unit -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer \
	-DLWK_HOST_TEST

UNIT_TESTS += test_fs
# forward.c (`v3ctl run`) needs the VM: stubbed in test_fs.c.
test_fs_SRCS := tests/unit/test_fs.c $(filter-out lwk/fs/forward.c,$(wildcard lwk/fs/*.c))

UNIT_TESTS += test_elf
test_elf_SRCS := tests/unit/test_elf.c lwk/loader/elf.c lwk/loader/ustack.c

UNIT_TESTS += test_lib
test_lib_SRCS := tests/unit/test_lib.c lwk/lib/vsnprintf.c lwk/kernel/cmdline.c
# The kernel's vsnprintf/snprintf get their own names so the C library's
# stay available to compare against.
test_lib_CFLAGS := -Dvsnprintf=lwk_vsnprintf -Dsnprintf=lwk_snprintf

# v3ctl's pure parts (userspace-ctl/): sizes, the Multiboot check, the
# program's command line, the report formats, the sysfs helpers, options.
UNIT_TESTS += test_v3ctl
test_v3ctl_SRCS := tests/unit/test_v3ctl.c userspace-ctl/sizes.c \
	userspace-ctl/multiboot_check.c userspace-ctl/argv_join.c \
	userspace-ctl/report.c userspace-ctl/hostmem.c userspace-ctl/libv3vee.c \
	userspace-ctl/args.c userspace-ctl/cpulist.c userspace-ctl/hostcpus.c \
	userspace-ctl/smt.c userspace-ctl/program_check.c vmm-module/mb_image.c
test_v3ctl_CFLAGS := -Iuserspace-ctl -Ivmm-module/uapi -Ivmm-module
$(BUILD)/unit/test_v3ctl: $(wildcard userspace-ctl/*.h) vmm-module/uapi/v3vee.h \
	vmm-module/mb_image.h

# The Multiboot image parser shared by v3vmm.ko and v3ctl
# (vmm-module/mb_image.c): a.out kludge, ELF32 and ELF64 images, good and
# malformed.
UNIT_TESTS += test_mb_image
test_mb_image_SRCS := tests/unit/test_mb_image.c vmm-module/mb_image.c
test_mb_image_CFLAGS := -Ivmm-module
$(BUILD)/unit/test_mb_image: vmm-module/mb_image.h

# The module's console ring (vmm-module/console.c) against a writer
# thread; tests/unit/kshim stands in for the few kernel headers it uses.
UNIT_TESTS += test_console
test_console_SRCS := tests/unit/test_console.c vmm-module/console.c
test_console_CFLAGS := -Itests/unit/kshim -Ivmm-module -pthread
$(BUILD)/unit/test_console: $(wildcard tests/unit/kshim/linux/*.h) vmm-module/guest_io.h

# The VMM's APIC-write decoder: pure code, no kernel headers.
UNIT_TESTS += test_x86_decode
test_x86_decode_SRCS := tests/unit/test_x86_decode.c \
	vmm-module/arch/x86/x86_decode.c
test_x86_decode_CFLAGS := -Ivmm-module/arch/x86
$(BUILD)/unit/test_x86_decode: vmm-module/arch/x86/x86_decode.h

# v3ctl host-check, against fake /proc, /sys and msr trees.
UNIT_TESTS += test_hostcheck
test_hostcheck_SRCS := tests/unit/test_hostcheck.c userspace-ctl/hostcheck.c \
	userspace-ctl/hostmem.c userspace-ctl/hostcpus.c userspace-ctl/cpulist.c
test_hostcheck_CFLAGS := -Iuserspace-ctl -Ivmm-module/uapi
$(BUILD)/unit/test_hostcheck: $(wildcard userspace-ctl/*.h)

# libv3vee's per-vCPU calls (statistics by descriptor, register snapshots)
# against a fake /dev/v3vmm: the test defines ioctl() itself.
UNIT_TESTS += test_libv3vee
test_libv3vee_SRCS := tests/unit/test_libv3vee.c userspace-ctl/libv3vee.c
test_libv3vee_CFLAGS := -Iuserspace-ctl -Ivmm-module/uapi
$(BUILD)/unit/test_libv3vee: userspace-ctl/libv3vee.h vmm-module/uapi/v3vee.h

UNIT_BINS := $(addprefix $(BUILD)/unit/,$(UNIT_TESTS))

define unit_rule
$(BUILD)/unit/$(1): $$($(1)_SRCS) tests/unit/host_shim.c $$(wildcard tests/unit/*.h) $$(wildcard lwk/include/lwk/*.h)
	@mkdir -p $$(dir $$@)
	$$(HOSTCC) $$(UNIT_CFLAGS) -c -o $$@.shim.o tests/unit/host_shim.c
	$$(HOSTCC) $$(UNIT_CFLAGS) $$($(1)_CFLAGS) -o $$@ $$($(1)_SRCS) $$@.shim.o
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit-tests: $(UNIT_BINS)
