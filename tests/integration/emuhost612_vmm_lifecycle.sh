#!/bin/bash
# emuhost_vmm_lifecycle, on an emulated host running Debian 12's Linux 6.12
# (images/emuhost/emuhost --kernel 6.12, module build/v3vmm-6.12.ko).
[ -f "${BUILD:-build}/v3vmm-6.12.ko" ] || {
	echo "emuhost612_vmm_lifecycle: FAIL: ${BUILD:-build}/v3vmm-6.12.ko is missing (make ${BUILD:-build}/v3vmm-6.12.ko)"
	exit 1
}
EMUHOST_SERIES=6.12 exec "$(dirname "$0")/emuhost_vmm_lifecycle.sh"
