// SPDX-License-Identifier: GPL-2.0
/*
 * ustack_build(): the initial user stack of the x86-64 psABI process entry
 * state. The image is built in a kernel buffer that the program will see
 * at [user_top - size, user_top), so every pointer stored in it is the
 * user address of the thing it points to, never a buffer address.
 *
 * Layout, from the final RSP upwards: argc, argv[], NULL, envp[], NULL,
 * auxv pairs, AT_NULL, zero padding, then the 16 AT_RANDOM bytes and the
 * strings (argv, envp, AT_PLATFORM, AT_EXECFN) ending at user_top.
 */
#include <linux/auxvec.h>

#include <lwk/string.h>
#include <lwk/ustack.h>

/* Adds the bytes of string s (with its NUL) to *used, if they fit in size. */
static bool count_string(size_t *used, const char *s, size_t size)
{
	size_t n;

	if (!s)
		return false;
	n = strlen(s) + 1;
	if (n > size - *used)
		return false;
	*used += n;
	return true;
}

struct cursor {
	uint8_t *mem;   /* the buffer */
	uint64_t base;  /* the user address of mem[0] */
	uint64_t table; /* next word of argc/argv/envp/auxv */
	uint64_t data;  /* next byte of the random bytes and strings */
};

static void put_word(struct cursor *c, uint64_t value)
{
	memcpy(c->mem + (c->table - c->base), &value, sizeof(value));
	c->table += sizeof(value);
}

/* Copies n bytes to the data area and returns their user address. */
static uint64_t put_data(struct cursor *c, const void *src, size_t n)
{
	uint64_t at = c->data;

	memcpy(c->mem + (at - c->base), src, n);
	c->data += n;
	return at;
}

static uint64_t put_string(struct cursor *c, const char *s)
{
	return put_data(c, s, strlen(s) + 1);
}

static void put_aux(struct cursor *c, uint64_t type, uint64_t value)
{
	put_word(c, type);
	put_word(c, value);
}

uint64_t ustack_build(void *buf, size_t size, uint64_t user_top,
		      const struct ustack_args *args)
{
	struct cursor c = { .mem = buf };
	size_t used = sizeof(args->random);
	uint64_t words, naux, rsp, table_end, random_at, platform_at = 0;
	uint64_t execfn_at = 0;
	int i;

	if (args->argc < 0 || args->envc < 0 || args->auxc < 0 ||
	    (args->argc && !args->argv) || (args->envc && !args->envp) ||
	    (args->auxc && !args->auxv) || user_top < size || size < used)
		return 0;
	c.base = user_top - size;

	/* The data area, counted so that used never exceeds size. */
	for (i = 0; i < args->argc; i++)
		if (!count_string(&used, args->argv[i], size))
			return 0;
	for (i = 0; i < args->envc; i++)
		if (!count_string(&used, args->envp[i], size))
			return 0;
	if (args->platform && !count_string(&used, args->platform, size))
		return 0;
	if (args->execfn && !count_string(&used, args->execfn, size))
		return 0;

	/* AT_RANDOM and AT_NULL always; AT_PLATFORM, AT_EXECFN if given. */
	naux = (uint64_t)args->auxc + 2 + !!args->platform + !!args->execfn;
	/* Each count is below 2^31, so this cannot overflow 64 bits. */
	words = 1 + ((uint64_t)args->argc + 1) + ((uint64_t)args->envc + 1) +
		2 * naux;
	if (words > (size - used) / sizeof(uint64_t))
		return 0;
	c.data = user_top - used;
	/* The psABI wants RSP 16-byte aligned at process entry. */
	rsp = ALIGN_DOWN(c.data - words * sizeof(uint64_t), 16);
	if (rsp < c.base)
		return 0;
	c.table = rsp;
	table_end = rsp + words * sizeof(uint64_t);
	memset(c.mem + (table_end - c.base), 0, c.data - table_end);

	random_at = put_data(&c, args->random, sizeof(args->random));
	put_word(&c, (uint64_t)args->argc);
	for (i = 0; i < args->argc; i++)
		put_word(&c, put_string(&c, args->argv[i]));
	put_word(&c, 0);
	for (i = 0; i < args->envc; i++)
		put_word(&c, put_string(&c, args->envp[i]));
	put_word(&c, 0);
	if (args->platform)
		platform_at = put_string(&c, args->platform);
	if (args->execfn)
		execfn_at = put_string(&c, args->execfn);

	for (i = 0; i < args->auxc; i++)
		put_aux(&c, args->auxv[i][0], args->auxv[i][1]);
	put_aux(&c, AT_RANDOM, random_at);
	if (args->platform)
		put_aux(&c, AT_PLATFORM, platform_at);
	if (args->execfn)
		put_aux(&c, AT_EXECFN, execfn_at);
	put_aux(&c, AT_NULL, 0);

	return rsp;
}
