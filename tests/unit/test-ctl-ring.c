// SPDX-License-Identifier: MIT
/* test-ctl-ring.c - the control channel's log ring: wrap, drop, clear. */
#include <string.h>

#include "ctl/ctl.h"
#include "tap.h"

/* Record n's text: its number, then filler of a length that varies. */
static void text_of(unsigned int n, char *buf, size_t len)
{
	size_t fill = (n * 37) % 300;
	int k = snprintf(buf, len, "record %u:", n);

	memset(buf + k, 'a' + n % 26, fill);
	buf[k + fill] = '\0';
}

struct seen {
	unsigned int n;
	uint64_t first, last, prev_usec;
	size_t bytes;
	bool in_order, intact;
};

static void check_rec(const struct ctl_log_rec *rec, void *arg)
{
	struct seen *s = arg;
	char want[400];

	text_of(rec->seq, want, sizeof(want));
	if (s->n && rec->seq != s->last + 1)
		s->in_order = false;
	if (rec->usec < s->prev_usec)
		s->in_order = false;
	if (rec->len != strlen(want) || memcmp(rec->text, want, rec->len) ||
	    rec->level != rec->seq % 8)
		s->intact = false;
	if (!s->n)
		s->first = rec->seq;
	s->last = rec->seq;
	s->prev_usec = rec->usec;
	s->bytes += rec->len;
	s->n++;
}

static struct seen read_all(struct ctl_ring *r, bool clear)
{
	struct seen s = { .in_order = true, .intact = true };

	ctl_ring_read(r, clear, check_rec, &s);
	return s;
}

static void test_wrap(void)
{
	struct ctl_ring r;
	bool all_ok = true, newest_kept = true, bounded = true;
	char text[400];
	unsigned int n, min_kept = ~0u;

	ok(ctl_ring_init(&r, 4096) == 0, "a 4 KiB ring");
	for (n = 0; n < 2000; n++) {
		struct seen s;

		text_of(n, text, sizeof(text));
		ctl_ring_add(&r, n % 8, text);
		s = read_all(&r, false);
		all_ok &= s.in_order && s.intact;
		newest_kept &= s.n && s.last == n;
		bounded &= s.bytes <= r.size;
		if (n > 100 && s.n < min_kept)
			min_kept = s.n;
	}
	ok(all_ok, "2000 records of 10 to 310 bytes: every read in order and intact");
	ok(newest_kept, "the newest record is always there");
	ok(bounded, "what is kept fits in the ring");
	ok(min_kept >= 8, "old records give way only as needed (at least %u kept)",
	   min_kept);
	ctl_ring_free(&r);
}

static void test_clear(void)
{
	struct ctl_ring r;
	struct seen s;
	char text[400];

	ctl_ring_init(&r, 8192);
	for (unsigned int n = 0; n < 5; n++) {
		text_of(n, text, sizeof(text));
		ctl_ring_add(&r, n % 8, text);
	}
	s = read_all(&r, true);
	is_int(s.n, 5, "read and clear returns all five");
	s = read_all(&r, false);
	is_int(s.n, 0, "then nothing");
	text_of(5, text, sizeof(text));
	ctl_ring_add(&r, 5, text);
	s = read_all(&r, false);
	ok(s.n == 1 && s.first == 5 && s.intact, "then only what came after");
	ctl_ring_free(&r);
}

static void long_rec(const struct ctl_log_rec *rec, void *arg)
{
	*(size_t *)arg = rec->len;
}

static void test_long(void)
{
	static char big[20000];
	struct ctl_ring r;
	size_t len = 0;

	ctl_ring_init(&r, 4096);
	memset(big, 'x', sizeof(big) - 1);
	ctl_ring_add(&r, 3, big);
	ctl_ring_read(&r, false, long_rec, &len);
	ok(len > 0 && len <= 1024, "a message longer than a quarter of the ring "
	   "is cut to fit (%zu bytes)", len);
	ctl_ring_free(&r);
}

int main(void)
{
	test_wrap();
	test_clear();
	test_long();
	return done_testing();
}
