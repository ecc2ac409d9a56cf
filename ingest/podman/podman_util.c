/*
 * podman_util.c: small helpers shared by the ingest/podman sources: byte
 * strings, growable arrays, argument checks, error messages.
 */
#include "ingest/podman/podman_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Compare s (n bytes) with the NUL-terminated lit; 1 when equal. */
int
podman_str_eq(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return l == n && memcmp(s, lit, n) == 0;
}

/* Duplicate n bytes of s as a NUL-terminated string; abort when out of memory. */
char *
podman_memdup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL) {
		fputs("podaudit: out of memory\n", stderr);
		abort();
	}
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Point *out at the part of s (n bytes) after its last '/'. */
void
podman_basename(const char *s, size_t n, struct podman_str *out)
{
	size_t i = n;

	while (i > 0 && s[i - 1] != '/')
		i--;
	out->p = s + i;
	out->n = n - i;
}
/* Write a printf-style message into err (errlen bytes) when there is room. */
void
podman_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Allocate n elements of size sz, zeroed; abort when out of memory. */
void *
podman_xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);

	if (p == NULL) {
		fputs("podaudit: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* Grow *v (elements of sz bytes, *cap of them) to hold need; abort when out of memory. */
void
podman_grow(void **v, size_t *cap, size_t need, size_t sz)
{
	size_t ncap;
	void *nv;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	nv = realloc(*v, ncap * sz);
	if (nv == NULL) {
		fputs("podaudit: out of memory\n", stderr);
		abort();
	}
	*v = nv;
	*cap = ncap;
}

/* Append a copy of s (n bytes) to sv, unless dedup and an equal string is there. */
void
podman_strv_push(struct podman_strv *sv, const char *s, size_t n, int dedup)
{
	if (dedup) {
		for (size_t i = 0; i < sv->n; i++)
			if (podman_str_eq(s, n, sv->v[i]))
				return;
	}
	podman_grow((void **)&sv->v, &sv->cap, sv->n + 1, sizeof(char *));
	sv->v[sv->n++] = podman_memdup(s, n);
}

/* Free every string of sv and the array; leaves sv zeroed. */
void
podman_strv_free(struct podman_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

/* Validate argv and slice it; see podman_internal.h. */
int
podman_args_slices(const char *const *argv, const size_t *lens, size_t argc,
		   struct podman_str **args, char *err, size_t errlen)
{
	struct podman_str *a;

	*args = NULL;
	if (argc > 0 && argv == NULL) {
		podman_set_err(err, errlen, "argv is NULL with argc %zu", argc);
		return -1;
	}
	a = podman_xcalloc(argc, sizeof(*a));
	for (size_t i = 0; i < argc; i++) {
		if (argv[i] == NULL) {
			podman_set_err(err, errlen, "argument %zu is NULL", i);
			free(a);
			return -1;
		}
		a[i].p = argv[i];
		if (lens == NULL) {
			a[i].n = strlen(argv[i]);
		} else {
			a[i].n = lens[i];
			if (memchr(argv[i], '\0', lens[i]) != NULL) {
				podman_set_err(err, errlen, "argument %zu contains a NUL byte", i);
				free(a);
				return -1;
			}
		}
	}
	*args = a;
	return 0;
}

/* Set *field to a copy of s unless already set. */
void
podman_set_once(char **field, const char *s, size_t n)
{
	if (field != NULL && *field == NULL)
		*field = podman_memdup(s, n);
}
