# Static programs the VMM tests run in the emulated host, next to v3ctl.
HOST_TEST_DIR := $(BUILD)/tests/host
HOST_TEST_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Ivmm-module/uapi
HOST_TESTS := $(patsubst tests/host/%.c,$(HOST_TEST_DIR)/%,$(wildcard tests/host/*.c))

$(HOST_TEST_DIR)/%: tests/host/%.c tests/host/host.mk vmm-module/uapi/v3vee.h
	@mkdir -p $(dir $@)
	$(CC) $(HOST_TEST_CFLAGS) -static -o $@ $<

all: $(HOST_TESTS)
