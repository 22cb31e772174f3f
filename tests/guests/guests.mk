# Guests for the VMM tests: tiny Multiboot kernels that need no LWK.
GUEST_DIR := $(BUILD)/tests/guests

$(GUEST_DIR)/%.img: tests/guests/%.S
	@mkdir -p $(dir $@)
	$(CC) -m32 -c -o $(GUEST_DIR)/$*.o $<
	$(LD) -m elf_i386 -Ttext=0x100000 --oformat binary -o $@ $(GUEST_DIR)/$*.o

all: $(GUEST_DIR)/mini.img
