# host.mk - crchost built as any host with versioned exports builds:
# genksyms -a over the header its modules include gives the CRC table
# it links (crcs.c) and attaches (umod_export_crcs); modpost -H reads
# the table back into the host's Module.symvers.
#
#	make -f host.mk B=<umod build> UMOD=<umod tree> [NO_CRCS=1]
CFLAGS = -O2 -I$(UMOD)/include -I.
objs = crchost.o $(if $(NO_CRCS),,crcs.o)

crchost.symvers: crchost
	$(B)/modpost -H crchost -o $@

crchost: $(objs) $(wildcard $(B)/kapi-objs/thunks*.o) $(B)/libumod.a
	$(CC) $(LDFLAGS) -o $@ $^ -pthread

crchost.o: crchost.c hostx.h plain.h
	$(CC) $(CFLAGS) $(if $(NO_CRCS),-DNO_CRCS) -c -o $@ $<

crcs.o: crcs.c crcs.h
	$(CC) $(CFLAGS) -c -o $@ $<

crcs.h: hostx.h
	$(CC) -E -D__GENKSYMS__ $(CFLAGS) -x c hostx.h | $(B)/genksyms -a > $@
