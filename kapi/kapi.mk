# kapi: the kernel API genuine Linux modules call (mutexes, kmalloc,
# jiffies, workqueues, printing...), as a library any host links:
# $(B)/libumod-kapi.a.  umodd links it, and so do the test hosts that run
# genuine modules.  It sits above libumod (it uses the host API in
# <umod/host.h>; libumod never calls it), and everything in it is module
# facing: built to realign the stack (UMOD_KABI_CFLAGS), exported with
# EXPORT_SYMBOL.  A host links it whole (KAPI_LINK), since nothing in the
# host refers to most of it: the exports are found through __ksymtab.

KAPI_SRCS := $(wildcard kapi/*.c)
ifeq ($(UMOD_ARCH),x86_64)
KAPI_SRCS += kapi/thunks_x86_64.S kapi/uaccess_x86_64.S kapi/hweight_x86_64.S \
	kapi/paravirt_x86_64.S
endif
KAPI_OBJS := $(patsubst kapi/%,$(B)/kapi-objs/%.o,$(basename $(KAPI_SRCS)))
KAPI_LINK := -Wl,--whole-archive $(B)/libumod-kapi.a -Wl,--no-whole-archive

$(B)/kapi-objs/%.o: kapi/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(UMOD_KABI_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/kapi-objs/%.o: kapi/%.S
	@mkdir -p $(dir $@)
	$(CC) $(UMOD_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libumod-kapi.a: $(KAPI_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

all: $(B)/libumod-kapi.a

.PHONY: install-kapi uninstall-kapi
install: install-kapi
install-kapi: $(B)/libumod-kapi.a
	install -d $(DESTDIR)$(PREFIX)/lib
	install -m 644 $(B)/libumod-kapi.a $(DESTDIR)$(PREFIX)/lib/

uninstall: uninstall-kapi
uninstall-kapi:
	rm -f $(DESTDIR)$(PREFIX)/lib/libumod-kapi.a
