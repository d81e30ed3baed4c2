/* SPDX-License-Identifier: MIT */
/* plain.h - an export of crchost's that its CRC table leaves out. */
int hostx_plain(int x);
