// SPDX-License-Identifier: GPL-2.0
/* Kernel command line: options and the program's environment. */
#include <lwk/cmdline.h>
#include <lwk/printk.h>
#include <lwk/string.h>

struct lwk_options lwk_options;

static char cmdline_words[4096];

int cmdline_split(const char *s, char *buf, size_t buf_size,
		  const char **words, int max_words)
{
	size_t used = 0;
	int n = 0;

	while (*s) {
		bool quoted = false;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n == max_words) {
			printk("lwk: more than %d words; the rest is ignored: %s\n",
			       max_words, s);
			break;
		}
		words[n++] = buf + used;
		for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
			if (*s == '"') {
				quoted = !quoted;
				continue;
			}
			if (used + 1 >= buf_size)
				return -1;
			buf[used++] = *s;
		}
		if (used + 1 > buf_size)
			return -1;
		buf[used++] = '\0';
	}
	return n;
}

static const struct {
	const char *name;
	bool *flag;
} options[] = {
	{ "lwk.keep", &lwk_options.keep },
	{ "lwk.showfiles", &lwk_options.showfiles },
	{ "lwk.irqstats", &lwk_options.irqstats },
	{ "lwk.triplefault", &lwk_options.triplefault },
	{ "lwk.ipi_outside", &lwk_options.ipi_outside },
	{ "lwk.level_ipi", &lwk_options.level_ipi },
	{ "lwk.init_outside", &lwk_options.init_outside },
};

static bool is_option(const char *word)
{
	for (size_t o = 0; o < ARRAY_SIZE(options); o++) {
		if (!strcmp(word, options[o].name))
			return true;
	}
	return false;
}

void cmdline_parse(const char *cmdline)
{
	const char *words[CMDLINE_MAX_ARGS];
	int n = cmdline_split(cmdline, cmdline_words, sizeof(cmdline_words),
			      words, CMDLINE_MAX_ARGS);

	if (n < 0) {
		printk("lwk: kernel command line too long; ignored\n");
		return;
	}
	/* Loaders put the image's name first; skip it unless it is a
	 * known option or a variable (a loader that omits it). */
	int first = n > 0 && !strchr(words[0], '=') && !is_option(words[0]);

	for (int i = first; i < n; i++) {
		bool known = false;

		if (!strncmp(words[i], "lwk.", 4)) {
			for (size_t o = 0; o < ARRAY_SIZE(options); o++) {
				if (!strcmp(words[i], options[o].name)) {
					*options[o].flag = true;
					known = true;
				}
			}
			if (!known)
				printk("lwk: unknown option '%s' ignored\n",
				       words[i]);
		} else if (strchr(words[i], '=')) {
			if (lwk_options.envc < CMDLINE_MAX_ENV)
				lwk_options.envp[lwk_options.envc++] = words[i];
			else
				printk("lwk: too many environment words; '%s' ignored\n",
				       words[i]);
		} else {
			printk("lwk: '%s' on the command line is neither an lwk. option nor KEY=VALUE; ignored\n",
			       words[i]);
		}
	}
}
