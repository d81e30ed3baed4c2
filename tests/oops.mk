# tests/oops.t: faults in module code are oopses; umodd goes on.  The
# module is built as tests/tools' are (tools/tools.mk).

OOPS_MODULES := faulty warnmsg
OOPS_KOS := $(OOPS_MODULES:%=$(B)/tests/tools/%.ko)

$(B)/tests/tools/%.o: tests/oops/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TT_CFLAGS) -DKBUILD_MODNAME='"$*"' -c -o $@ $<

.SECONDARY: $(foreach m,$(OOPS_MODULES),$(B)/tests/tools/$(m).mod.c \
	$(B)/tests/tools/$(m).o $(B)/tests/tools/$(m).mod.o)

.PHONY: oops-tests
oops-tests: tools-tests $(OOPS_KOS) $(B)/tests/testhost
