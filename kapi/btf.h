/* SPDX-License-Identifier: MIT */
/*
 * btf.h - structure layouts from a kernel's BTF (btf.c).
 */
#ifndef KAPI_BTF_H
#define KAPI_BTF_H

struct kapi_btf;

/* path: raw BTF (/sys/kernel/btf/vmlinux) or an ELF file with .BTF.
 * 0, or -errno: -ENOEXEC neither, -EINVAL malformed, -ENODATA an ELF file without .BTF. */
int kapi_btf_open(const char *path, struct kapi_btf **btf);
void kapi_btf_close(struct kapi_btf *btf);
/* struct TYPE's size, or the byte offset of its MEMBER (anonymous
 * members looked into); -ENOENT when absent, -EINVAL for a bit field. */
long kapi_btf_size(const struct kapi_btf *btf, const char *type);
long kapi_btf_offset(const struct kapi_btf *btf, const char *type,
		     const char *member);

#endif
