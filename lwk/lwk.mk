# The LWK: a Multiboot v1 kernel. build/lwk.elf carries the symbols (for
# gdb); build/lwk.img is the same kernel as a flat image whose Multiboot
# header uses the a.out kludge, so QEMU's -kernel and GRUB load a 64-bit
# higher-half kernel without needing a 32-bit ELF.

LWK_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -mno-sse -mno-mmx -mno-80387 -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fno-strict-aliasing -Ilwk/include -Ivmm-module/uapi -I$(BUILD)/gen \
	-MMD -MP
LWK_ASFLAGS := -Ilwk/include -I$(BUILD)/gen -MMD -MP

LWK_SRCS := $(wildcard lwk/arch/x86_64/*.c lwk/arch/x86_64/*.S \
	lwk/kernel/*.c lwk/mm/*.c lwk/fs/*.c lwk/loader/*.c lwk/lib/*.c)
LWK_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(LWK_SRCS))
LWK_LDS := lwk/arch/x86_64/lwk.ld

# Syscall names for the "unimplemented syscall" log, generated from the
# Linux uapi header the distribution ships (linux-libc-dev).
UNISTD_64 := /usr/include/x86_64-linux-gnu/asm/unistd_64.h
$(BUILD)/gen/syscall_names.h: $(UNISTD_64) scripts/gen-syscall-names.sh
	@mkdir -p $(dir $@)
	scripts/gen-syscall-names.sh $< > $@

$(BUILD)/obj/%.c.o: %.c $(BUILD)/gen/syscall_names.h
	@mkdir -p $(dir $@)
	$(CC) $(LWK_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(LWK_ASFLAGS) -c -o $@ $<

$(BUILD)/lwk.elf: $(LWK_OBJS) $(LWK_LDS)
	$(LD) -nostdlib -z max-page-size=4096 -z noexecstack -T $(LWK_LDS) \
		-o $@ $(LWK_OBJS)

$(BUILD)/lwk.img: $(BUILD)/lwk.elf
	$(OBJCOPY) -O binary $< $@

-include $(LWK_OBJS:.o=.d)
