# Benchmarks of the paper's evaluation: STREAM, HPCCG (double and single
# precision) and selfish-detour. Our own implementations, built as static
# Linux x86-64 programs so that the same binary runs on the host and in
# the LWK. See Documentation/bench.md.

BENCH_CFLAGS := -static -O2 -g -fopenmp -Wall -Wextra -Werror -std=gnu11
BENCH_CXXFLAGS := -static -O2 -g -fopenmp -Wall -Wextra -Werror -std=gnu++17
BENCH_PROGRAMS := $(addprefix $(BUILD)/,stream hpccg phpccg selfish)

all: $(BENCH_PROGRAMS)
bench: $(BENCH_PROGRAMS)
.PHONY: bench

$(BUILD)/stream: bench/stream.c bench/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lm

$(BUILD)/selfish: bench/selfish.c bench/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -pthread -o $@ $< -lm

$(BUILD)/hpccg: bench/hpccg.cpp bench/bench.mk
	@mkdir -p $(dir $@)
	g++ $(BENCH_CXXFLAGS) -o $@ $<

# The same source in single precision, as the paper's "phpccg".
$(BUILD)/phpccg: bench/hpccg.cpp bench/bench.mk
	@mkdir -p $(dir $@)
	g++ $(BENCH_CXXFLAGS) -DHPCCG_SINGLE -o $@ $<
