// SPDX-License-Identifier: MIT
/*
 * replay.c - run a fuzz harness over the files named, without libFuzzer:
 * how tests/regress.t replays every input a fuzzer once failed on, in
 * the ordinary build and under the sanitizers (make check-sanitize).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			unsigned char *nb = realloc(buf, cap = cap ? 2 * cap : 4096);

			if (!nb)
				break;
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (!got)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		size_t len;
		/* An exact-size copy, so a read past the end is seen. */
		unsigned char *data = slurp(argv[i], &len), *exact;

		if (!data) {
			perror(argv[i]);
			return 2;
		}
		exact = malloc(len ? len : 1);
		if (!exact)
			return 2;
		for (size_t k = 0; k < len; k++)
			exact[k] = data[k];
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}
