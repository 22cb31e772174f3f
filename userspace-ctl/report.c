// SPDX-License-Identifier: GPL-2.0
/*
 * The two report formats. Text: one "key: value" line per value, nested
 * keys joined with dots, an array's values on one line separated by
 * spaces, strings as they are with control characters shown as '?', so
 * that a line never breaks. JSON: one object, strings escaped; hex values
 * are strings ("0x1f") because JSON numbers have no hex form and lose
 * precision above 2^53.
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"

void report_begin(struct report *r, FILE *out, enum report_format format)
{
	memset(r, 0, sizeof(*r));
	r->out = out;
	r->format = format;
	if (format == REPORT_JSON)
		fputc('{', out);
}

void report_end(struct report *r)
{
	if (r->format == REPORT_JSON)
		fputs("}\n", r->out);
	fflush(r->out);
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void text_string(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
	}
}

/* Starts a value: the comma and key in JSON, the "a.b.key:" in text. */
static void value_start(struct report *r, const char *key)
{
	int first = r->members[r->depth]++ == 0;

	if (r->format == REPORT_JSON) {
		if (!first)
			fputc(',', r->out);
		if (!r->in_array) {
			json_string(r->out, key);
			fputc(':', r->out);
		}
	} else if (r->in_array) {
		fputc(' ', r->out);
	} else {
		fprintf(r->out, "%s%s: ", r->prefix, key);
	}
}

/* Ends a value: the newline of a text line outside an array. */
static void value_end(struct report *r)
{
	if (r->format == REPORT_TEXT && !r->in_array)
		fputc('\n', r->out);
}

static void push(struct report *r)
{
	r->depth++;
	r->members[r->depth] = 0;
}

/* Objects nest in objects only: arrays hold plain values. */
void report_object_begin(struct report *r, const char *key)
{
	size_t len = strlen(r->prefix);

	if (r->in_array || r->depth == REPORT_MAX_DEPTH)
		return;
	if (r->format == REPORT_JSON) {
		value_start(r, key);
		fputc('{', r->out);
	} else {
		snprintf(r->prefix + len, sizeof(r->prefix) - len, "%s.", key);
	}
	push(r);
	r->prefix_len[r->depth] = len;
}

void report_object_end(struct report *r)
{
	if (r->in_array || r->depth == 0)
		return;
	r->prefix[r->prefix_len[r->depth]] = '\0';
	r->depth--;
	if (r->format == REPORT_JSON)
		fputc('}', r->out);
}

void report_array_begin(struct report *r, const char *key)
{
	if (r->in_array || r->depth == REPORT_MAX_DEPTH)
		return;
	if (r->format == REPORT_JSON) {
		value_start(r, key);
		fputc('[', r->out);
	} else {
		fprintf(r->out, "%s%s:", r->prefix, key);
		r->members[r->depth]++;
	}
	push(r);
	r->in_array = 1;
}

void report_array_end(struct report *r)
{
	if (!r->in_array)
		return;
	r->in_array = 0;
	r->depth--;
	fputc(r->format == REPORT_JSON ? ']' : '\n', r->out);
}

void report_str(struct report *r, const char *key, const char *value)
{
	value_start(r, key);
	if (r->format == REPORT_JSON)
		json_string(r->out, value);
	else
		text_string(r->out, value);
	value_end(r);
}

void report_u64(struct report *r, const char *key, uint64_t value)
{
	value_start(r, key);
	fprintf(r->out, "%" PRIu64, value);
	value_end(r);
}

void report_s64(struct report *r, const char *key, int64_t value)
{
	value_start(r, key);
	fprintf(r->out, "%" PRId64, value);
	value_end(r);
}

void report_hex(struct report *r, const char *key, uint64_t value)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, value);
	report_str(r, key, buf);
}

/* Nanoseconds as seconds with six decimals: a JSON number either way. */
void report_seconds(struct report *r, const char *key, uint64_t ns)
{
	value_start(r, key);
	fprintf(r->out, "%" PRIu64 ".%06" PRIu64, ns / 1000000000,
		ns % 1000000000 / 1000);
	value_end(r);
}
