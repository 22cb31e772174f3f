# v3ctl, the command-line tool over /dev/v3vmm, and libv3vee, the small
# library of its ioctls (vmm-module/uapi/v3vee.h). Static, so that the one
# binary can be copied onto any host (the emulated host's initramfs too).

V3CTL_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Ivmm-module/uapi \
	-Ivmm-module -MMD -MP
# vmm-module/mb_image.c: the Multiboot image parser the module uses too.
V3CTL_SRCS := $(wildcard userspace-ctl/*.c) vmm-module/mb_image.c
V3CTL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(V3CTL_SRCS))

all: $(BUILD)/v3ctl
v3ctl: $(BUILD)/v3ctl
.PHONY: v3ctl

$(BUILD)/obj/userspace-ctl/%.o: userspace-ctl/%.c userspace-ctl/ctl.mk
	@mkdir -p $(dir $@)
	$(CC) $(V3CTL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/vmm-module/mb_image.o: vmm-module/mb_image.c userspace-ctl/ctl.mk
	@mkdir -p $(dir $@)
	$(CC) $(V3CTL_CFLAGS) -c -o $@ $<

$(BUILD)/v3ctl: $(V3CTL_OBJS)
	$(CC) -static -o $@ $(V3CTL_OBJS)

-include $(V3CTL_OBJS:.o=.d)
