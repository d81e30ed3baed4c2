# man: the section 5 pages (file formats).  Section 8 pages are installed
# with their programs, by tools/tools.mk and umodd/umodd.mk.

MAN5 := $(wildcard man/*.5)

.PHONY: install-man5
install: install-man5
install-man5:
	install -d $(DESTDIR)$(PREFIX)/share/man/man5
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(PREFIX)/share/man/man5/)
