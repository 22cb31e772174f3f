# Benchmarks of the paper's evaluation: STREAM, HPCCG (double and single
# precision) and selfish-detour. Our own implementations, built as static
# Linux x86-64 programs so that the same binary runs on the host and in
# the LWK. See Documentation/bench.md.

BENCH_CFLAGS := -static -O2 -g -fopenmp -Wall -Wextra -Werror -std=gnu11
BENCH_CXXFLAGS := -static -O2 -g -fopenmp -Wall -Wextra -Werror -std=gnu++17
BENCH_PROGRAMS := $(addprefix $(BUILD)/,stream hpccg phpccg selfish tscstamp)

all: $(BENCH_PROGRAMS)
bench-programs: $(BENCH_PROGRAMS)
.PHONY: bench bench-programs

# The noise and overhead harness (Documentation/performance.md): every
# configuration in emulated machines under -icount, the table on stdout
# and in $(BUILD)/bench/, the plots in Documentation/perf/.
bench: $(BENCH_PROGRAMS) $(BUILD)/lwk.img $(BUILD)/v3ctl $(BUILD)/v3vmm.ko
	@scripts/install-deps.sh
	@BUILD=$(BUILD) bench/run-bench.sh

$(BUILD)/tscstamp: bench/tscstamp.c bench/bench_time.h bench/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BUILD)/stream: bench/stream.c bench/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lm

$(BUILD)/selfish: bench/selfish.c bench/bench_time.h bench/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -pthread -o $@ $< -lm

$(BUILD)/hpccg: bench/hpccg.cpp bench/bench.mk
	@mkdir -p $(dir $@)
	g++ $(BENCH_CXXFLAGS) -o $@ $<

# The same source in single precision, as the paper's "phpccg".
$(BUILD)/phpccg: bench/hpccg.cpp bench/bench.mk
	@mkdir -p $(dir $@)
	g++ $(BENCH_CXXFLAGS) -DHPCCG_SINGLE -o $@ $<
