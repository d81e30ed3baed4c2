# dist: what a system needs beside the programs - systemd units for umodd
# (socket-activated: umodd.socket) and kerneld, and bash completion for umod.

SYSTEMD_UNITS := umodd.socket umodd.service kerneld.service
SYSTEMD_DIR = $(DESTDIR)$(PREFIX)/lib/systemd/system
COMPLETION_DIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions

$(B)/dist/%: dist/%.in $(B)/.prefix
	@mkdir -p $(dir $@)
	sed 's|@SBINDIR@|$(PREFIX)/sbin|g' $< > $@

all: $(addprefix $(B)/dist/,$(SYSTEMD_UNITS))

.PHONY: install-dist uninstall-dist
install: install-dist
install-dist: $(addprefix $(B)/dist/,$(SYSTEMD_UNITS))
	install -d $(SYSTEMD_DIR) $(COMPLETION_DIR)
	install -m 644 $^ $(SYSTEMD_DIR)/
	install -m 644 dist/umod.bash $(COMPLETION_DIR)/umod

uninstall: uninstall-dist
uninstall-dist:
	rm -f $(addprefix $(SYSTEMD_DIR)/,$(SYSTEMD_UNITS)) $(COMPLETION_DIR)/umod
