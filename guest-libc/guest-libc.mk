# guest-libc: newlib for LWK programs, and the v3vee-cc wrapper
# (guest-libc/README.md). newlib is built once, from Debian's
# newlib-source package, and cached: the stamp below is rebuilt only when
# build-newlib.sh changes (or after make clean). The small parts of our
# own (start code, system-call layer, specs, wrapper) are rebuilt as
# usual.

GUEST_LIBC := $(BUILD)/guest-libc
GUEST_LIBC_STAMP := $(GUEST_LIBC)/newlib-3.3.0.stamp
V3VEE_CC := $(GUEST_LIBC)/bin/v3vee-cc
GUEST_LIBC_ALL := $(V3VEE_CC) $(GUEST_LIBC)/lib/crt0.o \
	$(GUEST_LIBC)/lib/libv3vee.a

all: guest-libc
guest-libc: $(GUEST_LIBC_ALL)
.PHONY: guest-libc

# nice and two jobs: it is the longest step of a fresh build.
$(GUEST_LIBC_STAMP): guest-libc/build-newlib.sh
	NEWLIB_JOBS=2 nice guest-libc/build-newlib.sh $(GUEST_LIBC)
	@touch $@

$(GUEST_LIBC)/lib/v3vee-cc.specs: guest-libc/v3vee-cc.specs.in $(GUEST_LIBC_STAMP)
	sed 's|@PREFIX@|$(abspath $(GUEST_LIBC))|g' $< > $@

$(V3VEE_CC): guest-libc/v3vee-cc.in $(GUEST_LIBC)/lib/v3vee-cc.specs
	@mkdir -p $(dir $@)
	sed 's|@PREFIX@|$(abspath $(GUEST_LIBC))|g' $< > $@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

# Compiled with v3vee-cc itself, so against newlib's headers. No stack
# protector: start.c sets up the thread pointer the canary lives behind.
GUEST_LIBC_CFLAGS := -O2 -Wall -Wextra -Werror -ffunction-sections \
	-fdata-sections -fno-stack-protector

$(GUEST_LIBC)/lib/crt0.o: guest-libc/crt0.S $(V3VEE_CC)
	$(V3VEE_CC) -c -o $@ $<

$(GUEST_LIBC)/obj/%.o: guest-libc/%.c guest-libc/v3vee_sys.h $(V3VEE_CC)
	@mkdir -p $(dir $@)
	$(V3VEE_CC) $(GUEST_LIBC_CFLAGS) -c -o $@ $<

$(GUEST_LIBC)/lib/libv3vee.a: $(GUEST_LIBC)/obj/start.o $(GUEST_LIBC)/obj/syscalls.o
	rm -f $@
	ar rcs $@ $^

# STREAM and selfish-detour built with v3vee-cc, without OpenMP or
# threads (bench/bench.mk builds the glibc ones); tests newlib_bench and
# emuhost_newlib run them. (newlib_programs builds its own programs.)
GUEST_LIBC_BENCH := $(BUILD)/stream-newlib $(BUILD)/selfish-newlib
NEWLIB_BENCH_CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 \
	-Wno-unknown-pragmas

all: $(GUEST_LIBC_BENCH)

$(BUILD)/%-newlib: bench/%.c bench/bench_time.h $(GUEST_LIBC_ALL)
	$(V3VEE_CC) $(NEWLIB_BENCH_CFLAGS) -o $@ $< -lm
