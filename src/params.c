// SPDX-License-Identifier: MIT
/*
 * params.c - module parameters: Linux's kernel_param_ops for each type and
 * the parser that applies a module's command line before its init runs.
 *
 * Formats, limits and errnos are Linux's (kernel/params.c, lib/kstrtox.c):
 * a module that reads or sets its parameters sees what it would in Linux.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define CHARP_MAX 1024		/* Linux's limit on a charp value */

static int scnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* snprintf, returning what was written rather than what was wanted. */
static int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

/*
 * Why the last set() failed, when the op knows better than "invalid":
 * the reason Linux's ops log with pr_err, here folded into the caller's
 * message instead.
 */
static _Thread_local char param_why[128];

static void explain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void explain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(param_why, sizeof(param_why), fmt, ap);
	va_end(ap);
}

/* ---- Numbers, as Linux's kstrtox ---- */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 16;
}

/* Base 0 means: 0x is hex, a leading 0 is octal, otherwise decimal. */
static unsigned int fixup_radix(const char **sp, unsigned int base)
{
	const char *s = *sp;
	bool hex_prefix = s[0] == '0' && tolower((unsigned char)s[1]) == 'x';

	if (!base) {
		if (s[0] != '0')
			base = 10;
		else if (hex_prefix && isxdigit((unsigned char)s[2]))
			base = 16;
		else
			base = 8;
	}
	if (base == 16 && hex_prefix)
		*sp = s + 2;
	return base;
}

/* Digits, then at most one newline (what echo writes), then the end.
 * Overflow is -ERANGE even when garbage follows, as in Linux. */
static int parse_ull_digits(const char *s, unsigned int base,
			    unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	const char *p;
	int d;

	base = fixup_radix(&s, base);
	for (p = s; (d = digit_value(*p)) < (int)base; p++) {
		if (v > (ULLONG_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (p == s)
		return -EINVAL;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	*res = v;
	return 0;
}

static int parse_unsigned(const char *s, unsigned long long max,
			  unsigned long long *res)
{
	unsigned long long v;
	int err;

	if (!s)
		return -EINVAL;
	if (*s == '+')
		s++;
	err = parse_ull_digits(s, 0, &v);
	if (err)
		return err;
	if (v > max)
		return -ERANGE;
	*res = v;
	return 0;
}

static int parse_signed(const char *s, long long min, long long max,
			long long *res)
{
	unsigned long long v;
	long long sv;
	int err;

	if (!s)
		return -EINVAL;
	if (*s == '-') {
		err = parse_ull_digits(s + 1, 0, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		sv = v ? -(long long)(v - 1) - 1 : 0;
	} else {
		err = parse_unsigned(s, LLONG_MAX, &v);
		if (err)
			return err;
		sv = v;
	}
	if (sv < min || sv > max)
		return -ERANGE;
	*res = sv;
	return 0;
}

/* get() writes the value and a newline, as /sys/module/<m>/parameters. */
#define PARAM_OPS(name)							\
	const struct kernel_param_ops param_ops_##name = {		\
		.set = param_set_##name,				\
		.get = param_get_##name,				\
	}

#define PARAM_GET(name, type, fmt)					\
	int param_get_##name(char *buf, const struct kernel_param *kp)	\
	{								\
		return scnprintf(buf, UMOD_PARAM_BUFSIZE, fmt "\n",	\
				 *(type *)kp->arg);			\
	}

#define PARAM_UNSIGNED(name, type, fmt, max)				\
	int param_set_##name(const char *val, const struct kernel_param *kp) \
	{								\
		unsigned long long v;					\
		int err = parse_unsigned(val, max, &v);			\
									\
		if (!err)						\
			*(type *)kp->arg = v;				\
		return err;						\
	}								\
	PARAM_GET(name, type, fmt)					\
	PARAM_OPS(name)

#define PARAM_SIGNED(name, type, fmt, min, max)				\
	int param_set_##name(const char *val, const struct kernel_param *kp) \
	{								\
		long long v;						\
		int err = parse_signed(val, min, max, &v);		\
									\
		if (!err)						\
			*(type *)kp->arg = v;				\
		return err;						\
	}								\
	PARAM_GET(name, type, fmt)					\
	PARAM_OPS(name)

PARAM_UNSIGNED(byte, unsigned char, "%hhu", UCHAR_MAX);
PARAM_SIGNED(short, short, "%hi", SHRT_MIN, SHRT_MAX);
PARAM_UNSIGNED(ushort, unsigned short, "%hu", USHRT_MAX);
PARAM_SIGNED(int, int, "%i", INT_MIN, INT_MAX);
PARAM_UNSIGNED(uint, unsigned int, "%u", UINT_MAX);
PARAM_SIGNED(long, long, "%li", LONG_MIN, LONG_MAX);
PARAM_UNSIGNED(ulong, unsigned long, "%lu", ULONG_MAX);
PARAM_UNSIGNED(ullong, unsigned long long, "%llu", ULLONG_MAX);
PARAM_UNSIGNED(hexint, unsigned int, "%#08x", UINT_MAX);

/* ---- Booleans ---- */

/* Linux's kstrtobool: the first character decides, or the second after
 * an 'o' ("on", "off"). */
static int parse_bool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case 'e': case 'E': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case 'd': case 'D': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (tolower((unsigned char)s[1]) == 'n') {
			*res = true;
			return 0;
		}
		if (tolower((unsigned char)s[1]) == 'f') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

/* A bare "name" on the command line means yes. */
int param_set_bool(const char *val, const struct kernel_param *kp)
{
	return parse_bool(val ? val : "1", kp->arg);
}

int param_get_bool(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, UMOD_PARAM_BUFSIZE, "%c\n",
			 *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool,
	.get = param_get_bool,
};

/* Not NOARG, as in Linux: "noname" needs a value. */
int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	bool v;
	int err = parse_bool(val ? val : "1", &v);

	if (!err)
		*(bool *)kp->arg = !v;
	return err;
}

int param_get_invbool(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, UMOD_PARAM_BUFSIZE, "%c\n",
			 *(bool *)kp->arg ? 'N' : 'Y');
}

PARAM_OPS(invbool);

/* A bool kept in an int; read back as the int. */
int param_set_bint(const char *val, const struct kernel_param *kp)
{
	bool v;
	int err = parse_bool(val ? val : "1", &v);

	if (!err)
		*(int *)kp->arg = v;
	return err;
}

int param_get_bint(char *buf, const struct kernel_param *kp)
{
	return param_get_int(buf, kp);
}

const struct kernel_param_ops param_ops_bint = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bint,
	.get = param_get_bint,
};

/* ---- charp: strings we allocate ---- */

/*
 * A charp starts out pointing at the module's own data, which is not ours
 * to free; only copies made here are freed, so remember them.
 */
struct param_copy {
	struct list_head list;
	char val[];
};

static struct list_head param_copies = LIST_HEAD_INIT(param_copies);
static pthread_mutex_t param_copies_lock = PTHREAD_MUTEX_INITIALIZER;

static char *param_strdup(const char *s)
{
	size_t len = strlen(s) + 1;
	struct param_copy *p = umod_malloc(sizeof(*p) + len);

	if (!p)
		return NULL;
	memcpy(p->val, s, len);
	pthread_mutex_lock(&param_copies_lock);
	list_add(&p->list, &param_copies);
	pthread_mutex_unlock(&param_copies_lock);
	return p->val;
}

/* Frees s if param_strdup made it; anything else is left alone. */
static void param_maybe_free(const char *s)
{
	struct param_copy *p, *found = NULL;

	if (!s)
		return;
	pthread_mutex_lock(&param_copies_lock);
	list_for_each_entry(p, &param_copies, list) {
		if (p->val == s) {
			list_del(&p->list);
			found = p;
			break;
		}
	}
	pthread_mutex_unlock(&param_copies_lock);
	free(found);
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	char **slot = kp->arg, *copy;

	if (!val)
		return -EINVAL;
	if (strlen(val) > CHARP_MAX) {
		explain("%s: string parameter too long", kp->name);
		return -ENOSPC;
	}
	copy = param_strdup(val);
	if (!copy)
		return -ENOMEM;
	param_maybe_free(*slot);
	*slot = copy;
	return 0;
}

int param_get_charp(char *buf, const struct kernel_param *kp)
{
	const char *s = *(char **)kp->arg;

	return scnprintf(buf, UMOD_PARAM_BUFSIZE, "%s\n", s ? s : "(null)");
}

void param_free_charp(void *arg)
{
	param_maybe_free(*(char **)arg);
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
	.free = param_free_charp,
};

/* ---- string: a fixed buffer in the module ---- */

int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	if (!val)
		return -EINVAL;
	if (strlen(val) + 1 > kps->maxlen) {
		explain("%s: string doesn't fit in %u chars.", kp->name,
			kps->maxlen - 1);
		return -ENOSPC;
	}
	strcpy(kps->string, val);
	return 0;
}

int param_set_string(const char *val, const struct kernel_param *kp)
{
	return param_set_copystring(val, kp);
}

int param_get_string(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, UMOD_PARAM_BUFSIZE, "%s\n", kp->str->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring,
	.get = param_get_string,
};

/* ---- Arrays: comma-separated values, each set by the element ops ---- */

static struct kernel_param array_elem(const struct kernel_param *kp,
				      unsigned int i)
{
	const struct kparam_array *arr = kp->arr;

	return (struct kernel_param){
		.name = kp->name, .mod = kp->mod, .ops = arr->ops,
		.level = kp->level, .flags = kp->flags,
		.arg = (char *)arr->elem + (size_t)arr->elemsize * i,
	};
}

static int set_elem(const struct kernel_param *kp, unsigned int i,
		    const char *val)
{
	const struct kernel_param elem = array_elem(kp, i);

	return kp->arr->ops->set(val, &elem);
}

/* Elements are set as they are parsed: a bad one leaves those before it
 * set, and *num counting them, as in Linux. */
static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	unsigned int dummy, *num = arr->num ? arr->num : &dummy;
	char *copy, *s, *end;
	size_t len;
	int err = 0;

	if (!val)
		return -EINVAL;
	len = strlen(val) + 1;
	copy = umod_malloc(len);	/* split here: val may be read-only */
	if (!copy)
		return -ENOMEM;
	memcpy(copy, val, len);
	*num = 0;
	for (s = copy; s; s = end) {
		if (*num == arr->max) {
			explain("%s: can only take %i arguments", kp->name,
				(int)arr->max);
			err = -EINVAL;
			break;
		}
		end = strchr(s, ',');
		if (end)
			*end++ = '\0';
		err = set_elem(kp, *num, s);
		if (err)
			break;
		(*num)++;
	}
	free(copy);
	return err;
}

/* Each element's own get, its newline turned into the separator. */
static int param_array_get(char *buf, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	unsigned int i, n = arr->num ? *arr->num : arr->max;
	char tmp[UMOD_PARAM_BUFSIZE];
	int off = 0;

	for (i = 0; i < n; i++) {
		struct kernel_param elem = array_elem(kp, i);
		int len = arr->ops->get(tmp, &elem);

		if (len < 0)
			return len;
		if (i && off && buf[off - 1] == '\n')
			buf[off - 1] = ',';
		else if (i)
			off += scnprintf(buf + off, UMOD_PARAM_BUFSIZE - off, ",");
		off += scnprintf(buf + off, UMOD_PARAM_BUFSIZE - off, "%.*s",
				 len, tmp);
	}
	buf[off] = '\0';
	return off;
}

/* Every slot, not just the first *num: a shorter second setting must not
 * leak the copies the first one made. */
static void param_array_free(void *arg)
{
	const struct kparam_array *arr = arg;
	unsigned int i;

	if (!arr->ops->free)
		return;
	for (i = 0; i < arr->max; i++)
		arr->ops->free((char *)arr->elem + (size_t)arr->elemsize * i);
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set,
	.get = param_array_get,
	.free = param_array_free,
};

/* ---- Locking, for modules that read their parameters at run time ---- */

static pthread_mutex_t builtin_param_lock = PTHREAD_MUTEX_INITIALIZER;

void kernel_param_lock(struct module *mod)
{
	pthread_mutex_lock(mod ? &mod->param_lock : &builtin_param_lock);
}

void kernel_param_unlock(struct module *mod)
{
	pthread_mutex_unlock(mod ? &mod->param_lock : &builtin_param_lock);
}

/* ---- The command line ---- */

static char dash2underscore(char c)
{
	return c == '-' ? '_' : c;
}

static bool parameq(const char *a, const char *b)
{
	for (; dash2underscore(*a) == dash2underscore(*b); a++, b++)
		if (!*a)
			return true;
	return false;
}

const struct kernel_param *umod_find_param(const struct kernel_param *kp,
					   unsigned int num, const char *name)
{
	unsigned int i;

	for (i = 0; i < num; i++)
		if (parameq(name, kp[i].name))
			return &kp[i];
	return NULL;
}

static char *skip_spaces(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/*
 * Split off the first argument, Linux's next_arg: `name`, `name=value`,
 * `name="a b"` or `"name=a b"`; quotes group but cannot be escaped.
 * Terminates param and val in place and returns the rest.
 */
static char *next_arg(char *args, char **param, char **val)
{
	bool in_quote = false, quoted = false;
	char *equals = NULL;
	size_t i;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (!equals && i && args[i] == '=')
			equals = args + i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}

	*param = args;
	*val = NULL;
	if (equals) {
		*equals = '\0';
		*val = equals + 1;
		if (**val == '"') {	/* the quotes are not part of the value */
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i && args[i - 1] == '"')
		args[i - 1] = '\0';

	if (args[i])
		args[i++] = '\0';
	return skip_spaces(args + i);
}

static void param_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void param_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
}

static int set_param(const struct kernel_param *kp, const char *val)
{
	if (!val && !(kp->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
		return -EINVAL;		/* "name" alone, but a value is needed */
	if (!kp->ops->set)
		return -EPERM;
	return kp->ops->set(val, kp);
}

int umod_param_store(const char *modname, const struct kernel_param *kp,
		     const char *name, const char *val, char *err, size_t errlen)
{
	int ret;

	param_why[0] = '\0';
	ret = set_param(kp, val);
	if (!ret)
		return 0;
	if (param_why[0])
		param_error(err, errlen, "%s: %s", modname, param_why);
	else if (ret == -ENOSPC)
		param_error(err, errlen, "%s: '%s' too large for parameter '%s'",
			    modname, val ? val : "", name);
	else if (ret == -ENOMEM)
		param_error(err, errlen, "%s: out of memory setting parameter '%s'",
			    modname, name);
	else
		param_error(err, errlen, "%s: '%s' invalid for parameter '%s'",
			    modname, val ? val : "", name);
	return ret;
}

/*
 * Apply "foo=1 bar=a,b baz" to a module's parameters, in order, stopping
 * at the first failure.  Unlike Linux, an unknown name is refused: a typo
 * should not load a module with its defaults.
 */
int umod_parse_args(const char *modname, char *args, struct kernel_param *kp,
		    unsigned int num, char *err, size_t errlen)
{
	const struct kernel_param *p;
	char *param, *val;
	int ret;

	if (!args)
		return 0;
	args = skip_spaces(args);
	while (*args) {
		args = next_arg(args, &param, &val);
		p = umod_find_param(kp, num, param);
		if (!p) {
			param_error(err, errlen, "%s: Unknown parameter '%s'",
				    modname, param);
			return -ENOENT;
		}
		ret = umod_param_store(modname, p, param, val, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

void umod_destroy_params(struct kernel_param *kp, unsigned int num)
{
	unsigned int i;

	for (i = 0; i < num; i++)
		if (kp[i].ops && kp[i].ops->free)
			kp[i].ops->free(kp[i].arg);
}
