# libFuzzer targets: parsers of untrusted input compiled for the host with
# clang (-fsanitize=fuzzer,address,undefined), against tests/unit/host_shim.c
# as the unit tests are. Documentation/fuzzing.md says what each covers.
#
# To add a target NAME: write tests/fuzz/fuzz_NAME.c (it defines
# LLVMFuzzerTestOneInput, see tests/fuzz/fuzz.h) and add one line here:
#   $(eval $(call fuzz_target,NAME,SOURCES UNDER TEST,EXTRA CFLAGS))
# then seed tests/fuzz/NAME/ with a few inputs (make fuzz-merge keeps it
# small). It is built by make unit-tests to $(BUILD)/fuzz/fuzz_NAME,
# fuzzed by make fuzz and replayed over tests/fuzz/NAME/ by the
# fuzz_replay test.
#
#   make fuzz                       every target, FUZZ_SECONDS each
#   make fuzz FUZZ_TARGETS=NAME     just one
#   make fuzz-merge                 minimise the new inputs into tests/fuzz/

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Ilwk/include \
	-Itests/unit -Itests/fuzz -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -DLWK_HOST_TEST

FUZZ_ALL :=

# fuzz_target NAME, SOURCES, CFLAGS
define fuzz_target
FUZZ_ALL += $(1)
$(BUILD)/fuzz/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(2) tests/unit/host_shim.c \
		tests/fuzz/fuzz.h $$(wildcard tests/unit/*.h) \
		$$(wildcard lwk/include/lwk/*.h) $$(wildcard userspace-ctl/*.h)
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $(3) -o $$@ tests/fuzz/fuzz_$(1).c $(2) \
		tests/unit/host_shim.c
endef

# The LWK's program loader: elf_inspect() and ustack_build().
$(eval $(call fuzz_target,lwk_loader,lwk/loader/elf.c lwk/loader/ustack.c,))
# v3ctl: the Multiboot check, the size and CPU-list parsers.
$(eval $(call fuzz_target,v3ctl,userspace-ctl/multiboot_check.c userspace-ctl/sizes.c userspace-ctl/cpulist.c vmm-module/mb_image.c,-Iuserspace-ctl -Ivmm-module))
# v3vmm.ko's Multiboot/ELF image parser and module placement (mb_image.c,
# shared with v3ctl).
$(eval $(call fuzz_target,mb_image,vmm-module/mb_image.c,-Ivmm-module))
# v3vmm.ko's decoder of the guest's APIC writes (x86_decode.c).
$(eval $(call fuzz_target,x86_decode,vmm-module/arch/x86/x86_decode.c,-Ivmm-module/arch/x86))
# v3vmm.ko's walk of the guest's page tables to the bytes at its RIP
# (guest_walk.c), against stand-ins of the few kernel headers it uses.
$(eval $(call fuzz_target,guest_walk,vmm-module/arch/x86/guest_walk.c,-Itests/unit/kshim -Ivmm-module/arch/x86 -include tests/fuzz/guest_walk_shim.h))

FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_BINS := $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_ALL))

unit-tests: $(FUZZ_BINS)

.PHONY: fuzz fuzz-merge
# New inputs go to $(BUILD)/fuzz/NAME.corpus, crashes to
# $(BUILD)/fuzz/NAME.crash-*; tests/fuzz/NAME/ is only read.
fuzz: $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(BUILD)/fuzz/$$t.corpus; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(BUILD)/fuzz/$$t. -print_final_stats=1 \
			$(BUILD)/fuzz/$$t.corpus tests/fuzz/$$t \
			2>$(BUILD)/fuzz/$$t.log || \
			{ tail -n 40 $(BUILD)/fuzz/$$t.log; exit 1; }; \
		grep -E '^stat::(number_of_executed_units|new_units_added)' \
			$(BUILD)/fuzz/$$t.log; \
	done

# Adds to tests/fuzz/NAME/ only the inputs of $(BUILD)/fuzz/NAME.corpus
# that reach edges the corpus does not (hit counts ignored, which keeps
# the corpus to a few dozen files).
fuzz-merge: $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/$$t $(BUILD)/fuzz/$$t.corpus; \
		$(BUILD)/fuzz/fuzz_$$t -merge=1 -use_counters=0 tests/fuzz/$$t \
			$(BUILD)/fuzz/$$t.corpus 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new'; \
	done
