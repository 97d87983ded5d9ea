# omt_table.ko and the qemu test kernel its tests boot.
#
#   make kernel      build the module against Debian's linux-headers-amd64
#                    (or KDIR=...) into $(O)/kernel/module/omt_table.ko
#   make vm-kernel   build and cache the test kernels (tests/vm/build-kernel.sh,
#                    tests/vm/arm64/build-kernel.sh)
#
# O= is cleared for the kernel's make, which reads O as its own output
# directory.  The module is built from a copy of kernel/ so that Kbuild's objects stay
# out of the checkout and several build directories can coexist.
KDIR ?= $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64)))
KERNEL_MODULE_DIR := $(O)/kernel/module

.PHONY: kernel vm-kernel
kernel:
	@rm -rf $(KERNEL_MODULE_DIR)
	@mkdir -p $(KERNEL_MODULE_DIR)/include/uapi
	@cp kernel/Kbuild kernel/*.c kernel/*.h $(KERNEL_MODULE_DIR)/
	@cp include/uapi/omt_table.h $(KERNEL_MODULE_DIR)/include/uapi/
	$(MAKE) -C $(KDIR) M=$(abspath $(KERNEL_MODULE_DIR)) O= modules

# make's variables must not reach the kernel's own make (O= means its
# output directory there).
KERNEL_CLEAN_ENV := env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES

vm-kernel:
	@$(KERNEL_CLEAN_ENV) tests/vm/build-kernel.sh >/dev/null
	@$(KERNEL_CLEAN_ENV) tests/vm/arm64/build-kernel.sh >/dev/null

# The test kernels take minutes to build the first time; build them before
# the timed tests start, once deps has installed its sources and tools.
# A failure is reported by tests/vm/run.sh.
check: vm-kernel-for-check
.PHONY: vm-kernel-for-check
vm-kernel-for-check: deps
	-@$(KERNEL_CLEAN_ENV) tests/vm/build-kernel.sh >/dev/null
	-@$(KERNEL_CLEAN_ENV) tests/vm/arm64/build-kernel.sh >/dev/null
