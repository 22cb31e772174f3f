# Bootable images. $(BUILD)/lwk.iso is a BIOS GRUB rescue ISO that boots
# the LWK running the hello test program with arguments "a b" (the
# tests/integration/grub_iso.sh test boots it; it also boots real
# hardware with a serial console on COM1).

LWK_ISO_PROGRAM := $(BUILD)/tests/hello
LWK_ISO_ARGS := a b

all: $(BUILD)/lwk.iso

$(BUILD)/lwk.iso: $(BUILD)/lwk.img $(LWK_ISO_PROGRAM) images/grub/mkiso.sh \
		images/grub/grub.cfg.in
	images/grub/mkiso.sh $@ $(BUILD)/lwk.img $(LWK_ISO_PROGRAM) $(LWK_ISO_ARGS)
