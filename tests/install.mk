# tests/install.t: make install into a temporary PREFIX, used from outside
# the tree; it runs make itself, with this build's B and CFLAGS.
# tests/umodd/activate hands umodd a socket as systemd's socket units do.
$(B)/tests/umodd/activate: tests/umodd/activate.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -o $@ $<
