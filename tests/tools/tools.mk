# tests/tools/tools.mk - what tests/tools.t and the other tests of the
# tools against a running umodd load (tests/tests.mk registers them).

# Its modules, built the plain way: compiler, a .mod.c as modpost would
# write it, `ld -r`.
TT := $(B)/tests/tools
TT_MODULES := greet greetuser nosym slow holder printfmt chardev procseq
TT_KOS := $(TT_MODULES:%=$(TT)/%.ko)
TT_CFLAGS := -std=gnu11 -O2 -Wall -Iinclude -DMODULE -fno-common -MMD -MP
# tests/tools-dryrun.t's
TT_MODULES += manysym greetdup
TT_KOS += $(TT)/manysym.ko $(TT)/greetdup.ko
# tests/trust-ctl.t's
TT_MODULES += badexport
TT_KOS += $(TT)/badexport.ko
# tests/trust-modversions.t's
TT_MODULES += crcexp crcgood crcbad crcnover
TT_KOS += $(TT)/crcexp.ko $(TT)/crcgood.ko $(TT)/crcbad.ko $(TT)/crcnover.ko

$(TT)/%.o: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TT_CFLAGS) -DKBUILD_MODNAME='"$*"' -c -o $@ $<

$(TT)/%.mod.c: tests/tools/tools.mk
	@mkdir -p $(dir $@)
	printf '%s\n' '#include <umod/host.h>' '#include <umod/module.h>' \
		'MODULE_INFO(name, "$*");' 'MODULE_INFO(vermagic, UMOD_VERMAGIC);' > $@

$(TT)/%.mod.o: $(TT)/%.mod.c
	$(CC) $(TT_CFLAGS) -c -o $@ $<

$(TT)/%.ko: $(TT)/%.o $(TT)/%.mod.o
	$(LD) -r -o $@ $^

.SECONDARY: $(TT_MODULES:%=$(TT)/%.mod.c) $(TT_MODULES:%=$(TT)/%.o) \
	$(TT_MODULES:%=$(TT)/%.mod.o)

# A client that sends what the tools never would.
$(TT)/rawclient: tests/tools/rawclient.c $(B)/libumod.a
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -o $@ $< $(B)/libumod.a $(UMOD_LDLIBS)

# all: the tools, their links and umodd (tools/tools.mk, read after this).
.PHONY: tools-tests
tools-tests: all $(TT_KOS) $(TT)/rawclient
