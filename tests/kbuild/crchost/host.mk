# host.mk - crchost built as any host with versioned exports builds:
# genksyms -a over the header its modules include gives the CRC table
# it links (crcs.c) and attaches (umod_export_crcs); modpost -H reads
# the table back into the host's Module.symvers.
#
#	make -f host.mk B=<umod build> UMOD=<umod tree> [NO_CRCS=1]
#
# CFLAGS as libumod was built (a sanitizer's, say), from the environment.
CFLAGS ?= -O2
HOST_CFLAGS = $(CFLAGS) -I$(UMOD)/include -I.
objs = crchost.o $(if $(NO_CRCS),,crcs.o)

crchost.symvers: crchost
	$(B)/modpost -H crchost -o $@

crchost: $(objs) $(wildcard $(B)/kapi-objs/thunks*.o) $(B)/libumod.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -pthread

crchost.o: crchost.c hostx.h plain.h
	$(CC) $(HOST_CFLAGS) $(if $(NO_CRCS),-DNO_CRCS) -c -o $@ $<

crcs.o: crcs.c crcs.h
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

crcs.h: hostx.h
	$(CC) -E -D__GENKSYMS__ -I$(UMOD)/include -x c hostx.h | $(B)/genksyms -a > $@
