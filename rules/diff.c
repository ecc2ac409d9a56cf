/*
 * diff.c: line diff by longest common subsequence, printed as unified hunks.
 *
 * The texts are rules files: at most a few thousand lines, mostly equal. The
 * common head and tail are skipped first; the quadratic table is built only
 * for the middle, and a middle too large for it is shown as all removed and
 * all added, which is still a correct diff.
 */
#include "rules/diff.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"

#define CONTEXT	  3
#define MAX_CELLS (4u * 1024 * 1024)

struct line {
	const char *s;
	size_t n;
};

struct op {
	char type;   /* ' ', '-', '+' */
	size_t a, b; /* 0-based line numbers in old and new */
};

/* Split text into lines (without their newline); *n receives the count. */
static struct line *
split_lines(const char *text, size_t *n)
{
	size_t cap = 16, count = 0;
	struct line *v = alloc_check(malloc(cap * sizeof(*v)));

	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		if (count == cap) {
			cap *= 2;
			v = alloc_check(realloc(v, cap * sizeof(*v)));
		}
		v[count].s = text;
		v[count++].n = len;
		text += len + (nl != NULL);
	}
	*n = count;
	return v;
}

/* Are two lines equal? */
static int
same(const struct line *x, const struct line *y)
{
	return x->n == y->n && memcmp(x->s, y->s, x->n) == 0;
}

/* Append one op. */
static void
push(struct op **ops, size_t *n, size_t *cap, char type, size_t a, size_t b)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*ops = alloc_check(realloc(*ops, *cap * sizeof(**ops)));
	}
	(*ops)[*n].type = type;
	(*ops)[*n].a = a;
	(*ops)[*n].b = b;
	(*n)++;
}

/*
 * Compute the edit script turning a (na lines) into b (nb lines); returns
 * the ops and sets *nops.
 */
static struct op *
edit_script(const struct line *a, size_t na, const struct line *b, size_t nb, size_t *nops)
{
	struct op *ops = NULL;
	size_t n = 0, cap = 0, pre = 0, suf = 0, ma, mb;
	uint32_t *t = NULL;

	while (pre < na && pre < nb && same(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && same(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	ma = na - pre - suf;
	mb = nb - pre - suf;
	for (size_t i = 0; i < pre; i++)
		push(&ops, &n, &cap, ' ', i, i);
	if ((ma + 1) * (mb + 1) <= MAX_CELLS && ma > 0 && mb > 0) {
		/* t[i][j]: longest common subsequence of a[pre+i..] and b[pre+j..]. */
		size_t w = mb + 1;
		t = alloc_check(calloc((ma + 1) * w, sizeof(*t)));
		for (size_t i = ma; i-- > 0;)
			for (size_t j = mb; j-- > 0;)
				t[i * w + j] = same(&a[pre + i], &b[pre + j])
						   ? t[(i + 1) * w + j + 1] + 1
						   : (t[(i + 1) * w + j] > t[i * w + j + 1]
							  ? t[(i + 1) * w + j]
							  : t[i * w + j + 1]);
		size_t i = 0, j = 0;
		while (i < ma || j < mb) {
			if (i < ma && j < mb && same(&a[pre + i], &b[pre + j])) {
				push(&ops, &n, &cap, ' ', pre + i, pre + j);
				i++;
				j++;
			} else if (j == mb || (i < ma && t[(i + 1) * w + j] >= t[i * w + j + 1])) {
				push(&ops, &n, &cap, '-', pre + i, pre + j);
				i++;
			} else {
				push(&ops, &n, &cap, '+', pre + i, pre + j);
				j++;
			}
		}
		free(t);
	} else {
		for (size_t i = 0; i < ma; i++)
			push(&ops, &n, &cap, '-', pre + i, pre);
		for (size_t j = 0; j < mb; j++)
			push(&ops, &n, &cap, '+', pre + ma, pre + j);
	}
	for (size_t k = 0; k < suf; k++)
		push(&ops, &n, &cap, ' ', na - suf + k, nb - suf + k);
	*nops = n;
	return ops;
}

/* Write the unified diff; see diff.h. */
size_t
rules_diff(const char *old_text, const char *new_text, const char *old_label, const char *new_label,
	   struct strbuf *out)
{
	size_t na, nb, nops, changed = 0;
	struct line *a = split_lines(old_text, &na);
	struct line *b = split_lines(new_text, &nb);
	struct op *ops = edit_script(a, na, b, nb, &nops);
	size_t k = 0;

	for (size_t i = 0; i < nops; i++)
		if (ops[i].type != ' ')
			changed++;
	if (changed > 0)
		strbuf_printf(out, "--- %s\n+++ %s\n", old_label, new_label);
	while (changed > 0 && k < nops) {
		size_t start, end, ca = 0, cb = 0, last;

		while (k < nops && ops[k].type == ' ')
			k++;
		if (k == nops)
			break;
		start = k > CONTEXT ? k - CONTEXT : 0;
		/* Extend the hunk while the next change is within 2 * CONTEXT lines. */
		last = k;
		end = k;
		while (end < nops) {
			if (ops[end].type != ' ')
				last = end;
			else if (end - last > 2 * CONTEXT)
				break;
			end++;
		}
		end = last + 1 + CONTEXT < nops ? last + 1 + CONTEXT : nops;
		for (size_t i = start; i < end; i++) {
			if (ops[i].type != '+')
				ca++;
			if (ops[i].type != '-')
				cb++;
		}
		strbuf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
			      ca ? ops[start].a + 1 : ops[start].a, ca,
			      cb ? ops[start].b + 1 : ops[start].b, cb);
		for (size_t i = start; i < end; i++) {
			const struct line *l = ops[i].type == '+' ? &b[ops[i].b] : &a[ops[i].a];
			strbuf_putc(out, ops[i].type);
			strbuf_add(out, l->s, l->n);
			strbuf_putc(out, '\n');
		}
		k = end;
	}
	free(ops);
	free(a);
	free(b);
	return changed;
}
