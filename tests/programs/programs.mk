# Test programs for the LWK: ordinary static Linux x86-64 programs, built
# with the host's gcc and glibc, plus deliberately bad inputs the LWK must
# refuse. Everything lands in $(BUILD)/tests/. Each program also runs on
# the host, which is how the integration tests get their expectations.

TEST_PROG_DIR := $(BUILD)/tests
TEST_PROG_CFLAGS := -O2 -Wall -Wextra -Werror
TEST_PROG_CXXFLAGS := -O2 -Wall -Wextra -Werror -std=gnu++17

# Programs the LWK must run.
TEST_PROGRAMS := $(addprefix $(TEST_PROG_DIR)/,hello cxx_hello file_rw \
	enosys nullderef static_pie run_status bigwrite fwd_calls fwd_rtt)
# Files the LWK must refuse with a one-line error.
TEST_BAD_INPUTS := $(addprefix $(TEST_PROG_DIR)/,notelf elf32 dynamic \
	truncated toobig)

all: $(TEST_PROGRAMS) $(TEST_BAD_INPUTS)
test-programs: $(TEST_PROGRAMS) $(TEST_BAD_INPUTS)
.PHONY: test-programs

$(TEST_PROG_DIR)/%: tests/programs/%.c
	@mkdir -p $(dir $@)
	$(CC) -static $(TEST_PROG_CFLAGS) -o $@ $<

$(TEST_PROG_DIR)/cxx_hello: tests/programs/cxx_hello.cpp
	@mkdir -p $(dir $@)
	g++ -static $(TEST_PROG_CXXFLAGS) -o $@ $<

$(TEST_PROG_DIR)/static_pie: tests/programs/static_pie.c
	@mkdir -p $(dir $@)
	$(CC) -static-pie -fPIE $(TEST_PROG_CFLAGS) -o $@ $<

$(TEST_PROG_DIR)/notelf: tests/programs/notelf.txt
	@mkdir -p $(dir $@)
	cp $< $@

# A 32-bit ELF without gcc-multilib: plain as and ld.
$(TEST_PROG_DIR)/elf32: tests/programs/elf32.S
	@mkdir -p $(dir $@)
	$(CC) -E -P -o $@.s $<
	as --32 -o $@.o $@.s
	$(LD) -m elf_i386 -o $@ $@.o
	@rm -f $@.s $@.o

$(TEST_PROG_DIR)/dynamic: tests/programs/hello.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_PROG_CFLAGS) -o $@ $<

# The first 8 KB of hello: a valid ELF header and program headers whose
# segments run past the end of the file. Refuse to build it if the program
# headers themselves would be cut, since then the LWK's "truncated" check
# would not be what the test exercises.
TRUNCATED_SIZE := 8192
$(TEST_PROG_DIR)/truncated: $(TEST_PROG_DIR)/hello
	head -c $(TRUNCATED_SIZE) $< > $@.tmp
	@phoff=$$(readelf -h $< | sed -n 's/.*Start of program headers: *\([0-9]*\).*/\1/p'); \
	phnum=$$(readelf -h $< | sed -n 's/.*Number of program headers: *\([0-9]*\).*/\1/p'); \
	phentsize=$$(readelf -h $< | sed -n 's/.*Size of program headers: *\([0-9]*\).*/\1/p'); \
	end=$$((phoff + phnum * phentsize)); \
	if [ -z "$$phoff" ] || [ $$end -gt $(TRUNCATED_SIZE) ]; then \
		echo "$@: program headers end at $$end, past $(TRUNCATED_SIZE)" >&2; \
		exit 1; \
	fi
	mv $@.tmp $@

# Multi-threaded programs for the LWK's SMP tests (tests/integration/smp_*):
# OpenMP through libgomp, pthreads, and std::thread. Static like the rest;
# the linker warns that libgomp's gomp_target_init uses dlopen (offloading
# only, never used).
SMP_TEST_PROGRAMS := $(addprefix $(TEST_PROG_DIR)/,omp_reduce omp_barrier \
	cxx_threads sleep_order spin_threads quiet_phase)

all: $(SMP_TEST_PROGRAMS)
test-programs: $(SMP_TEST_PROGRAMS)

$(TEST_PROG_DIR)/omp_reduce $(TEST_PROG_DIR)/omp_barrier: \
		$(TEST_PROG_DIR)/%: tests/programs/%.c
	@mkdir -p $(dir $@)
	$(CC) -static -fopenmp $(TEST_PROG_CFLAGS) -o $@ $< -lm

$(TEST_PROG_DIR)/sleep_order $(TEST_PROG_DIR)/spin_threads $(TEST_PROG_DIR)/quiet_phase: \
		$(TEST_PROG_DIR)/%: tests/programs/%.c
	@mkdir -p $(dir $@)
	$(CC) -static -pthread $(TEST_PROG_CFLAGS) -o $@ $<

$(TEST_PROG_DIR)/cxx_threads: tests/programs/cxx_threads.cpp
	@mkdir -p $(dir $@)
	g++ -static -pthread $(TEST_PROG_CXXFLAGS) -o $@ $<

# Regression programs: abort() in a thread, process CPU time across
# threads, creat/rmdir, user memory semantics; kcore_scan looks for a
# guest's data in memory v3vmm.ko gave back to Linux (emulated host).
MORE_TEST_PROGRAMS := $(addprefix $(TEST_PROG_DIR)/,thread_abort cputime dirs kcore_scan \
	mm_checks)

all: $(MORE_TEST_PROGRAMS)
test-programs: $(MORE_TEST_PROGRAMS)

$(MORE_TEST_PROGRAMS): $(TEST_PROG_DIR)/%: tests/programs/%.c
	@mkdir -p $(dir $@)
	$(CC) -static -pthread $(TEST_PROG_CFLAGS) -o $@ $<
