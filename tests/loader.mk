# tests/loader.mk - the loader end to end: a scriptable test host, a corpus
# of modules built by several compilers and code models, and the scripts
# tests/loader*.t that drive one with the other.
#
# Modules are built the plain way, compiler then `ld -r`, with a generated
# <name>.mod.c carrying name= and vermagic= as modpost would write them:
# the loader is tested independently of mk/.

LT := $(B)/tests

TEST_GCC ?= $(CC)
TEST_CLANG ?= clang $(if $(CROSS_COMPILE),--target=$(CROSS_COMPILE:-=))
TEST_LD ?= $(LD)

# ---- The test host, as PIE and in the low 2 GiB ----

LT_HOST_CFLAGS = $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS)

$(LT)/host/%.o: tests/host/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LT_HOST_CFLAGS) -c -o $@ $<

$(LT)/host/%.nopie.o: tests/host/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LT_HOST_CFLAGS) -fno-pie -c -o $@ $<

# The hooks Linux's code generation calls, and their exports: umodd's.
LT_THUNKS := $(B)/kapi-objs/thunks.o \
	$(if $(filter x86_64,$(UMOD_ARCH)),$(B)/kapi-objs/thunks_x86_64.o)

# The heap's bytes in use, exact: the test hosts' malloc (tests/heapcount.c).
$(LT)/heapcount.o: tests/heapcount.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(LT)/testhost: $(LT)/host/testhost.o $(LT)/heapcount.o $(LT_THUNKS) $(B)/libumod.a
	$(CC) $(CFLAGS) -o $@ $^ $(UMOD_LDLIBS)

$(LT)/testhost-nopie: $(LT)/host/testhost.nopie.o $(LT)/heapcount.o $(LT_THUNKS) $(B)/libumod.a
	$(CC) $(CFLAGS) -no-pie -o $@ $^ $(UMOD_LDLIBS)

$(LT)/elfmangle: $(LT)/host/elfmangle.o
	$(CC) $(CFLAGS) -o $@ $^

# ---- The module corpus: $(LT)/modules/<variant>/<name>.ko ----

LT_MODULES := hello stack_a stack_b stack_c multi params gplmod propmod \
	proplib weak roinit initfail noexit selfref fmt dataimp unknown \
	dupexp duphost common unknowns farcall fanin

LT_OBJS_multi := multi_main multi_util
LT_CFLAGS_common := -fcommon	# a COMMON symbol the loader must refuse

LT_MODCFLAGS := -std=gnu11 -Wall -Iinclude -DMODULE -fno-common -MMD -MP

ifeq ($(UMOD_ARCH),x86_64)
LT_KERNEL_MODEL := -mcmodel=kernel -fno-pic -fno-pie -mno-red-zone \
	-fno-asynchronous-unwind-tables -fno-stack-protector
else ifeq ($(UMOD_ARCH),aarch64)
# arm64 builds modules in the small code model, without PIC: ADRP pairs
# to the kernel, branches through PLTs.
LT_KERNEL_MODEL := -fno-pic -fno-pie -fno-asynchronous-unwind-tables \
	-fno-stack-protector -mgeneral-regs-only
else ifeq ($(UMOD_ARCH),i386)
# i386's, without -mregparm=3: module code calls the host's C.
LT_KERNEL_MODEL := -fno-pic -fno-pie -fno-asynchronous-unwind-tables \
	-fno-stack-protector
else ifeq ($(UMOD_ARCH),arm)
# arm's, in ARM mode (gcc's default is Thumb-2): CALL/JUMP24, MOVW/MOVT.
LT_KERNEL_MODEL := -marm -fno-pic -fno-pie -fno-stack-protector
else
# RISC-V's: medany (AUIPC pairs).
LT_KERNEL_MODEL := -mcmodel=medany -fno-pic -fno-pie \
	-fno-asynchronous-unwind-tables -fno-stack-protector
endif
# Kbuild builds every RISC-V module without relaxation, which only a final
# link may do (arch/riscv/Makefile).
ifeq ($(UMOD_ARCH),riscv64)
LT_MODCFLAGS += -mno-relax
endif

LT_VARIANTS := gcc-O0 gcc-O2 gcc-nopie clang-O0 clang-O2 clang-nopie \
	gcc-kernel clang-kernel gcc-linux
# arm64's large code model: clang builds addresses with MOVW groups.
ifeq ($(UMOD_ARCH),aarch64)
LT_VARIANTS += clang-large
LT_CC_clang-large := $(TEST_CLANG)
LT_CFLAGS_clang-large := -O2 -mcmodel=large $(LT_KERNEL_MODEL)
endif

LT_CC_gcc-O0 := $(TEST_GCC)
LT_CFLAGS_gcc-O0 := -O0 -g
LT_CC_gcc-O2 := $(TEST_GCC)
LT_CFLAGS_gcc-O2 := -O2 -fstack-protector-strong
LT_CC_gcc-nopie := $(TEST_GCC)
LT_CFLAGS_gcc-nopie := -O2 -fno-pie
LT_CC_clang-O0 := $(TEST_CLANG)
LT_CFLAGS_clang-O0 := -O0 -fPIE
LT_CC_clang-O2 := $(TEST_CLANG)
LT_CFLAGS_clang-O2 := -O2 -fPIE -ffunction-sections -fdata-sections
LT_CC_clang-nopie := $(TEST_CLANG)
LT_CFLAGS_clang-nopie := -O2 -fno-pie
LT_CC_gcc-kernel := $(TEST_GCC)
LT_CFLAGS_gcc-kernel := -O2 $(LT_KERNEL_MODEL)
LT_CC_clang-kernel := $(TEST_CLANG)
LT_CFLAGS_clang-kernel := -O2 $(LT_KERNEL_MODEL)

# What a Linux x86-64 build adds: ftrace entry calls and their table,
# return and retpoline thunks, no FPU, an 8-byte-aligned stack, a build
# ID.  arm64's: patchable function entries for ftrace, return address
# signing, BTI landing pads.
LT_CC_gcc-linux := $(TEST_GCC)
ifeq ($(UMOD_ARCH),x86_64)
LT_CFLAGS_gcc-linux := -O2 $(LT_KERNEL_MODEL) -mno-sse -mno-mmx -mno-sse2 \
	-mno-avx -mpreferred-stack-boundary=3 -pg -mfentry -mrecord-mcount -mfunction-return=thunk-extern \
	-mindirect-branch=thunk-extern -mindirect-branch-register
else ifeq ($(UMOD_ARCH),aarch64)
LT_CFLAGS_gcc-linux := -O2 $(LT_KERNEL_MODEL) -fpatchable-function-entry=2 \
	-mbranch-protection=pac-ret+bti
else
LT_CFLAGS_gcc-linux := -O2 $(LT_KERNEL_MODEL)
endif
LT_LDFLAGS_gcc-linux := --build-id=sha1
LT_EXTRA_gcc-linux := linuxfmt
LT_EXTRA_gcc-O2 := syms bugwarn pcpu
LT_EXTRA_gcc-kernel := bugwarn pcpu

lt_objs = $(or $(LT_OBJS_$(1)),$(1))

$(LT)/modules/%.mod.c: tests/loader.mk
	@mkdir -p $(dir $@)
	printf '%s\n' '#include <umod/host.h>' '#include <umod/module.h>' \
		'MODULE_INFO(name, "$*");' 'MODULE_INFO(vermagic, UMOD_VERMAGIC);' > $@

# $(1): variant
define lt_variant
$(LT)/modules/$(1)/%.o: tests/modules/%.c
	@mkdir -p $$(dir $$@)
	$(LT_CC_$(1)) $(LT_MODCFLAGS) $(LT_CFLAGS_$(1)) $$(LT_CFLAGS_$$(LT_MODNAME)) \
		-DKBUILD_MODNAME='"$$(LT_MODNAME)"' -c -o $$@ $$<

$(LT)/modules/$(1)/%.mod.o: $(LT)/modules/%.mod.c
	$(LT_CC_$(1)) $(LT_MODCFLAGS) $(LT_CFLAGS_$(1)) -c -o $$@ $$<

$(foreach m,$(LT_MODULES) $(LT_EXTRA_$(1)),$(call lt_module,$(1),$(m)))
endef

# $(1): variant, $(2): module
define lt_module_rules
$(LT)/modules/$(1)/$(2).ko: $(patsubst %,$(LT)/modules/$(1)/%.o,$(call lt_objs,$(2)) $(2).mod)
	$(TEST_LD) -r $(LT_LDFLAGS_$(1)) -o $$@ $$^

$(patsubst %,$(LT)/modules/$(1)/%.o,$(call lt_objs,$(2))): LT_MODNAME := $(2)
LT_KOS += $(LT)/modules/$(1)/$(2).ko
endef
lt_module = $(eval $(call lt_module_rules,$(1),$(2)))

$(foreach v,$(LT_VARIANTS),$(eval $(call lt_variant,$(v))))

# The .mod.c files are generated, not intermediate: keep them.
.SECONDARY: $(foreach m,$(sort $(LT_MODULES) $(foreach v,$(LT_VARIANTS),$(LT_EXTRA_$(v)))),$(LT)/modules/$(m).mod.c)

.PHONY: loader-tests
loader-tests: $(LT)/testhost $(LT)/testhost-nopie $(LT)/elfmangle $(LT_KOS)
