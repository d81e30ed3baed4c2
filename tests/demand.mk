# tests/demand.mk - demand loading: request_module, kerneld, autoclean.
#
# tests/unit/test-kmod drives libumod's side with a modprobe wrapper and a
# kerneld of its own; tests/demand.t runs the demo's scenario end to end
# with the real kerneld, modprobe and filesystems (demo/demo.mk).  Its
# modules are built the plain way, compiler then `ld -r`, like
# tests/loader.mk's.

DM := $(B)/tests/demand
DM_MODS := dm_leaf dm_user dm_req dm_nested dm_slow
DM_KOS := $(DM_MODS:%=$(DM)/mods/%.ko)
DM_LD ?= $(LD)
DM_MODCFLAGS := -std=gnu11 -Wall -Iinclude -DMODULE -fno-common -O2 -MMD -MP

$(DM)/mods/%.mod.c: tests/demand.mk
	@mkdir -p $(dir $@)
	printf '%s\n' '#include <umod/host.h>' '#include <umod/module.h>' \
		'MODULE_INFO(name, "$*");' 'MODULE_INFO(vermagic, UMOD_VERMAGIC);' > $@

$(DM)/mods/%.mod.o: $(DM)/mods/%.mod.c
	$(CC) $(DM_MODCFLAGS) -c -o $@ $<

$(DM)/mods/%.o: tests/demand/mods/%.c
	@mkdir -p $(dir $@)
	$(CC) $(DM_MODCFLAGS) -DKBUILD_MODNAME='"$*"' -c -o $@ $<

$(DM)/mods/%.ko: $(DM)/mods/%.o $(DM)/mods/%.mod.o
	$(DM_LD) -r -o $@ $^

.SECONDARY: $(DM_MODS:%=$(DM)/mods/%.mod.c) $(DM_MODS:%=$(DM)/mods/%.o) \
	$(DM_MODS:%=$(DM)/mods/%.mod.o)

$(B)/tests/unit/test-kmod: tests/unit/test-kmod.c tests/tap.h shared/proto.h \
		$(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -iquote src -iquote tests \
		-DDM_BUILD='"$(abspath $(B))"' -DDM_SRC='"$(CURDIR)"' \
		-o $@ $< $(B)/libumod.a $(UMOD_LDLIBS)

.PHONY: demand-tests
demand-tests: $(B)/tests/unit/test-kmod $(DM_KOS) $(B)/umod $(B)/depmod \
	$(B)/modprobe
