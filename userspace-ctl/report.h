/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A report of named values, printed either as "key: value" lines (nested
 * keys joined with dots, e.g. "exits.vcpu0.cpuid: 12") or as one JSON
 * object. The caller describes the values once; the format is chosen at
 * report_begin().
 */
#ifndef V3CTL_REPORT_H
#define V3CTL_REPORT_H

#include <stdint.h>
#include <stdio.h>

#define REPORT_MAX_DEPTH 8

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
};

struct report {
	FILE *out;
	enum report_format format;
	int depth; /* open objects and arrays */
	int in_array; /* the innermost one is an array */
	int members[REPORT_MAX_DEPTH + 1]; /* values so far at each depth */
	char prefix[256]; /* text: the keys of open objects */
	size_t prefix_len[REPORT_MAX_DEPTH + 1];
};

void report_begin(struct report *r, FILE *out, enum report_format format);
void report_end(struct report *r);
void report_object_begin(struct report *r, const char *key);
void report_object_end(struct report *r);
void report_array_begin(struct report *r, const char *key);
void report_array_end(struct report *r);

/* key is ignored (pass NULL) inside an array. */
void report_str(struct report *r, const char *key, const char *value);
void report_u64(struct report *r, const char *key, uint64_t value);
void report_s64(struct report *r, const char *key, int64_t value);
void report_hex(struct report *r, const char *key, uint64_t value);
void report_seconds(struct report *r, const char *key, uint64_t ns);

#endif
