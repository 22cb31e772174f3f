# Guests for the VMM tests: tiny Multiboot kernels that need no LWK.
GUEST_DIR := $(BUILD)/tests/guests

$(GUEST_DIR)/%.img: tests/guests/%.S
	@mkdir -p $(dir $@)
	$(CC) -m32 -c -o $(GUEST_DIR)/$*.o $<
	$(LD) -m elf_i386 -Ttext=0x100000 --oformat binary -o $@ $(GUEST_DIR)/$*.o

all: $(GUEST_DIR)/mini.img

# tk, the test kernel of modes (tests/guests/tk/README). Each area's
# modes live in a file of their own, tests/guests/tk/tk_AREA.c: every
# such file is built in.
TK_SRCS := $(sort $(wildcard tests/guests/tk/tk_*.c))
TK_CFLAGS := -std=gnu11 -m32 -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-mgeneral-regs-only -mno-sse -mno-mmx -mno-80387 -fno-builtin
TK_DIR := $(GUEST_DIR)/tk

$(TK_DIR)/%.o: tests/guests/tk/%.c tests/guests/tk/tk.h
	@mkdir -p $(dir $@)
	$(CC) $(TK_CFLAGS) -c -o $@ $<

$(TK_DIR)/tk_entry.o: tests/guests/tk/tk_entry.S
	@mkdir -p $(dir $@)
	$(CC) -m32 -c -o $@ $<

TK_OBJS := $(TK_DIR)/tk_entry.o $(patsubst tests/guests/tk/%.c,$(TK_DIR)/%.o,$(TK_SRCS))

$(GUEST_DIR)/tk.elf: $(TK_OBJS) tests/guests/tk/tk.ld
	$(LD) -m elf_i386 -nostdlib --no-warn-rwx-segments -T tests/guests/tk/tk.ld -o $@ $(TK_OBJS)

$(GUEST_DIR)/tk.img: $(GUEST_DIR)/tk.elf
	$(OBJCOPY) -O binary $< $@

all: $(GUEST_DIR)/tk.img

# tk as Multiboot ELF32 files without the a.out kludge (flags 0), which a
# loader must place from their program headers: tk32.elf at 1 MB, and
# tk_low.elf linked at 0x8000, below 1 MB (tests/integration/emuhost_vmm_boot.sh).
$(TK_DIR)/tk_entry_elf.o: tests/guests/tk/tk_entry.S
	@mkdir -p $(dir $@)
	$(CC) -m32 -DTK_MB_FLAGS=0 -c -o $@ $<

TK_ELF_OBJS := $(TK_DIR)/tk_entry_elf.o $(filter-out $(TK_DIR)/tk_entry.o,$(TK_OBJS))

$(GUEST_DIR)/tk32.elf: $(TK_ELF_OBJS) tests/guests/tk/tk.ld
	$(LD) -m elf_i386 -nostdlib --no-warn-rwx-segments -T tests/guests/tk/tk.ld -o $@ $(TK_ELF_OBJS)

$(GUEST_DIR)/tk_low.elf: $(TK_ELF_OBJS) tests/guests/tk/tk.ld
	$(LD) -m elf_i386 -nostdlib --no-warn-rwx-segments --defsym=TK_LOAD_ADDR=0x8000 \
		-T tests/guests/tk/tk.ld -o $@ $(TK_ELF_OBJS)

# mb64.elf: an ELF64 Multiboot kernel (32-bit entry, then long mode).
$(GUEST_DIR)/mb64.elf: tests/guests/mb64.S
	@mkdir -p $(dir $@)
	$(CC) -c -o $(GUEST_DIR)/mb64.o $<
	$(LD) -m elf_x86_64 -nostdlib --no-warn-rwx-segments -N -Ttext=0x100000 \
		-e mb64_start -o $@ $(GUEST_DIR)/mb64.o

all: $(GUEST_DIR)/tk32.elf $(GUEST_DIR)/tk_low.elf $(GUEST_DIR)/mb64.elf
