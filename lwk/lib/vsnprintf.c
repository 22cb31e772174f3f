// SPDX-License-Identifier: GPL-2.0
/*
 * vsnprintf for the kernel: integers, characters, strings and pointers.
 * Output is always NUL-terminated when size > 0; the return value is the
 * length the full output would have had, as in C.
 */
#include <lwk/printk.h>
#include <lwk/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width,
		       bool left, char pad)
{
	size_t fill = width > 0 && (size_t)width > n ? (size_t)width - n : 0;

	if (!left) {
		/* Zero padding goes after the sign. */
		if (pad == '0' && n && (*s == '-' || *s == '+')) {
			put(o, *s++);
			n--;
		}
		while (fill--)
			put(o, pad);
	}
	while (n--)
		put(o, *s++);
	if (left) {
		while (fill--)
			put(o, ' ');
	}
}

static size_t format_number(char *tmp, unsigned long long v, unsigned base,
			    bool upper, bool negative, int precision)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	size_t n = 0, len = 0;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		tmp[len++] = '-';
	for (int z = precision - (int)n; z > 0; z--)
		tmp[len++] = '0';
	while (n)
		tmp[len++] = rev[--n];
	return len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, is_signed = false, upper = false;
		char pad = ' ';
		int width = 0, precision = -1, lng = 0;
		unsigned base = 10;
		unsigned long long v;
		char tmp[32];

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			precision = 0;
			if (*fmt == '*') {
				precision = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				precision = precision * 10 + (*fmt++ - '0');
		}
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z')
				lng++;
			else if (*fmt != 'h')
				break;
		}
		switch (*fmt) {
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			put_padded(&o, tmp, 1, width, left, ' ');
			continue;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			put_padded(&o, s,
				   precision >= 0 ? strnlen(s, precision) :
						    strlen(s),
				   width, left, ' ');
			continue;
		}
		case 'p':
			v = (uintptr_t)va_arg(ap, void *);
			tmp[0] = '0';
			tmp[1] = 'x';
			put_padded(&o, tmp,
				   2 + format_number(tmp + 2, v, 16, false,
						     false, -1),
				   width, left, ' ');
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'X':
			upper = true;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		case '%':
			put(&o, '%');
			continue;
		default:
			/* Unknown conversion: print it verbatim. */
			put(&o, '%');
			if (!*fmt)
				goto done;
			put(&o, *fmt);
			continue;
		}
		bool negative = false;

		if (is_signed) {
			long long s = lng ? va_arg(ap, long long) :
					    va_arg(ap, int);
			negative = s < 0;
			v = negative ? 0ULL - (unsigned long long)s :
				       (unsigned long long)s;
		} else {
			v = lng ? va_arg(ap, unsigned long long) :
				  va_arg(ap, unsigned int);
		}
		if (precision >= 0)
			pad = ' ';
		put_padded(&o, tmp,
			   format_number(tmp, v, base, upper, negative,
					 precision),
			   width, left, pad);
	}
done:
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
