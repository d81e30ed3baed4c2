# Tests on genuine Linux modules; tests/linux/fetch.sh $(B)/linux unpacks
# them (.ci/run does), and the tests skip without them.
$(B)/tests/linux/crchost: tests/linux/crchost.c tests/tap.h $(B)/libumod.a \
		$(B)/umodd-objs/thunks.o $(B)/umodd-objs/thunks_x86_64.o
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -iquote tests -o $@ $(filter-out %.h,$^) $(UMOD_LDLIBS)

check: $(B)/tests/linux/crchost
CHECK_TESTS += tests/linux-crc.t tests/linux-tools.t tests/linux-dryrun.t \
	tests/linux-load.t tests/linux-sig.t
