# tests/unit/test-elf: the ELF reader against damaged copies of a real object.
$(B)/tests/unit/sample.o: tests/unit/sample.c include/umod/module.h
	@mkdir -p $(dir $@)
	$(CC) -Iinclude -DMODULE -fno-common -O2 -c -o $@ $<

$(B)/tests/unit/test-elf: tests/unit/test-elf.c tests/tap.h $(B)/pic/shared/elf.o
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -iquote src -iquote tests -o $@ $< $(B)/pic/shared/elf.o

$(B)/tests/unit/test-elf.sh: $(B)/tests/unit/test-elf $(B)/tests/unit/sample.o
	printf '#!/bin/sh\nexec %s %s\n' $(abspath $<) $(abspath $(B)/tests/unit/sample.o) > $@
	chmod +x $@
