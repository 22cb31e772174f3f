# v3vee top-level build.
#
#   make          build the LWK (build/lwk.img, build/lwk.iso), the test
#                 programs and the benchmarks
#   make check    install what is missing, build, run every test
#   make check-vmx  the VMX back end in the emulated Intel host (Bochs,
#                 15 min to an hour; tests/vmx; not in .ci/run yet)
#   make demo     install what is missing, build, run the demo
#   make fuzz     run the libFuzzer targets, FUZZ_SECONDS each
#                 (tests/fuzz/fuzz.mk, Documentation/fuzzing.md)
#
# Everything lands in build/. Dependencies are Debian packages, installed
# by scripts/install-deps.sh.

BUILD ?= build
HOSTCC ?= gcc
CC := gcc
LD := ld
OBJCOPY := objcopy

.PHONY: all deps check check-vmx demo clean unit-tests format
all:

include lwk/lwk.mk
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
-include tests/programs/programs.mk
-include bench/bench.mk
-include images/images.mk
-include images/emuhost/emuhost.mk
-include vmm-module/vmm.mk
-include userspace-ctl/ctl.mk
-include tests/guests/guests.mk
-include tests/host/host.mk
-include guest-libc/guest-libc.mk

all: $(BUILD)/lwk.img $(BUILD)/v3ctl

deps:
	@scripts/install-deps.sh

# check and demo install their own dependencies first, then build with a
# fresh make so that tools installed just now are found.
check: deps
	@$(MAKE) --no-print-directory all unit-tests $(BUILD)/v3vmm-6.12.ko
	@tests/run-all.sh

# The VMX back end in the emulated Intel host (Bochs: tests/vmx/), one
# boot of 15-30 minutes: apart from check, which stays under 30 minutes.
check-vmx: deps
	@$(MAKE) --no-print-directory all unit-tests
	@TEST_DIR=tests/vmx TEST_TIMEOUT=3600 tests/run-all.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)
