# sig: libumod-sig, module signatures verified with OpenSSL.  Apart from
# libumod, which needs libc alone and calls it through a hook.  Built
# where OpenSSL is (WITH_OPENSSL, libtools/libtools.mk), as umodd's
# --keyring is.

SIG_SRCS := $(wildcard sig/*.c)
SIG_OBJS := $(SIG_SRCS:%.c=$(B)/pic/%.o)
SIG_LDLIBS := -lcrypto

$(B)/libumod-sig.a: $(SIG_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

ifeq ($(WITH_OPENSSL),y)
all: $(B)/libumod-sig.a

.PHONY: install-sig
install: install-sig
install-sig: $(B)/libumod-sig.a
	install -d $(DESTDIR)$(PREFIX)/lib
	install -m 644 $(B)/libumod-sig.a $(DESTDIR)$(PREFIX)/lib/
endif

.PHONY: uninstall-sig
uninstall: uninstall-sig
uninstall-sig:
	rm -f $(DESTDIR)$(PREFIX)/lib/libumod-sig.a
