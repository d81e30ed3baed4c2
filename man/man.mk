# man: every page, installed by this fragment.  The pages of the
# kmod-named tools are installed as umod-<tool>, as git installs
# git-<command>: under their own names they would shadow kmod's pages,
# as the tools would kmod's (tools/tools.mk).  `man umod-modprobe` is the
# page of `umod modprobe`; references between the pages follow.

MAN_KMOD := insmod.8 rmmod.8 lsmod.8 modinfo.8 modprobe.8 depmod.8 modprobe.d.5
MAN_OWN := umod.8 umodd.8 kerneld.8
MANDIR = $(DESTDIR)$(PREFIX)/share/man
man_installed = $(foreach p,$(1),man$(subst .,,$(suffix $(p)))/$(2)$(p))

space := $(subst ,, )
man_refs := $(subst $(space),\|,$(subst .,\.,$(basename $(MAN_KMOD))))
MAN_SED := -e 's/^\(\.R\?BR\? \((\s*\)\?\)\($(man_refs)\) (\([58]\))/\1umod-\3 (\4)/'

.PHONY: install-man uninstall-man
install: install-man
install-man:
	install -d $(MANDIR)/man5 $(MANDIR)/man8
	for p in $(MAN_OWN); do \
		sed $(MAN_SED) man/$$p > $(MANDIR)/man8/$$p || exit; done
	for p in $(MAN_KMOD); do \
		s=$${p##*.}; sed -e '1s/^\.TH /.TH UMOD-/' $(MAN_SED) man/$$p \
			> $(MANDIR)/man$$s/umod-$$p || exit; done
	chmod 644 $(addprefix $(MANDIR)/,$(call man_installed,$(MAN_OWN)) \
		$(call man_installed,$(MAN_KMOD),umod-))

uninstall: uninstall-man
uninstall-man:
	rm -f $(addprefix $(MANDIR)/,$(call man_installed,$(MAN_OWN)) \
		$(call man_installed,$(MAN_KMOD),umod-))
