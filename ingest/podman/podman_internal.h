/*
 * podman_internal.h: shared by the ingest/podman sources only; not part of
 * the interface (use podman_args.h).
 */
#ifndef PODAUDIT_PODMAN_INTERNAL_H
#define PODAUDIT_PODMAN_INTERNAL_H

#include <stddef.h>

#include "ingest/podman/podman_args.h"

/* podman_optrow.flags */
#define PO_GROUP	 1u /* has subcommands */
#define PO_NOINTERSPERSE 2u /* options end at the first operand */

/*
 * One podman command's options, as podman's --help lists them (generated
 * into podman_options.inc). Lists are space-separated; shorts are
 * "letter=long" pairs.
 */
struct podman_optrow {
	const char *path;    /* "" for podman itself, "container run", ... */
	const char *aliases; /* other names of the last word */
	unsigned flags;
	const char *vshort; /* shorts that take a value */
	const char *bshort; /* boolean shorts */
	const char *vlong;  /* longs that take a value */
	const char *olong;  /* longs whose value is optional (--x=v only) */
	const char *blong;  /* boolean longs */
};

/* What an option is, for one command. */
enum podman_optkind {
	PO_UNKNOWN = 0,
	PO_BOOL,     /* never consumes the next argument */
	PO_VALUE,    /* "--x v", "--x=v", "-xv", "-x v", "-x=v" */
	PO_OPTVALUE, /* value only with "=" */
};

/* A byte string that is not NUL-terminated. */
struct podman_str {
	const char *p;
	size_t n;
};

/* The row of podman itself (the global options). Never NULL. */
const struct podman_optrow *podman_opt_root(void);

/*
 * The subcommand word (n bytes) of group, by name or alias; NULL when
 * group has no such subcommand.
 */
const struct podman_optrow *podman_opt_child(const struct podman_optrow *group, const char *word,
					     size_t n);

/*
 * Look up the long option name (n bytes, without dashes) in row, then in
 * podman's global options unless row is the root itself (podman's own
 * --version is not inherited). podman's aliases (--net, --dns-opt,
 * --healthcheck-*, --timeout) are resolved when the name itself is unknown.
 * *canon receives the canonical name (pointing into the table, or name
 * itself when unknown). Returns the kind, PO_UNKNOWN when not found.
 */
enum podman_optkind podman_opt_long(const struct podman_optrow *row, const char *name, size_t n,
				    struct podman_str *canon);

/* Same for a short option letter; *canon receives its long name (or the letter). */
enum podman_optkind podman_opt_short(const struct podman_optrow *row, const char *letter,
				     struct podman_str *canon);

/* One option as parsed: canonical long name, value (when given), argv index. */
struct podman_flag {
	struct podman_str name;
	struct podman_str val;
	int has_val;
	size_t argi;
};

/* Parse state of one podman command line. */
struct podman_parse {
	const struct podman_str *args;
	size_t argc;
	const struct podman_optrow *rows[6]; /* root, then each subcommand word */
	size_t depth;
	struct podman_str unknown; /* unknown subcommand word; p NULL when none */
	int help_word;		   /* "podman [group] help ..." */
	int help_flag;		   /* --help before the subcommand */
	int root_version;	   /* "podman --version" / "-v" */
	size_t leaf_start;	   /* argv index after the last subcommand word */
	struct podman_flag *flags;
	size_t nflags, capflags;
	size_t *pos; /* argv indices of operands */
	size_t npos, cappos;
};

/* A growable array of heap strings. */
struct podman_strv {
	char **v;
	size_t n, cap;
};

/* Risk findings being collected, emitted in vocabulary order at the end. */
struct podman_risks {
	unsigned mask;
	struct podman_strv caps, mounts, devices;
};

/*
 * Parse args[0..argc-1] (a podman command line) into *p: the subcommand
 * words, then the subcommand's options and operands. Never fails; release
 * with podman_parse_free().
 */
void podman_parse_all(struct podman_parse *p, const struct podman_str *args, size_t argc);

/* Release what *p holds and zero it. */
void podman_parse_free(struct podman_parse *p);

/* 1 when f is the long option name (canonical spelling). */
int podman_flag_is(const struct podman_flag *f, const char *name);

/* The last value given to option name; p NULL when none. Points into the arguments. */
struct podman_str podman_parse_last_value(const struct podman_parse *p, const char *name);

/* The last setting of boolean option name: 1 true, 0 false or absent. */
int podman_parse_last_bool(const struct podman_parse *p, const char *name);

/*
 * Collect the risk findings of a container-creating command's options into
 * r (zeroed by the caller); a named volume found on the way goes to
 * out->volume when that is still NULL.
 */
void podman_risks_collect(const struct podman_parse *p, struct podman_risks *r,
			  struct podman_cmd *out);

/* Record a bind mount of host path src (n bytes) in r. */
void podman_risks_host_mount(struct podman_risks *r, const char *src, size_t n);

/* Set out->risks, nrisks and risk_mask from r, in vocabulary order; r keeps its own copies. */
void podman_risks_emit(struct podman_risks *r, struct podman_cmd *out);

/* Append a copy of s (n bytes) to sv, unless dedup and an equal string is there. */
void podman_strv_push(struct podman_strv *sv, const char *s, size_t n, int dedup);

/* Free every string of sv and the array; leaves sv zeroed. */
void podman_strv_free(struct podman_strv *sv);

/* Grow *v (elements of sz bytes, *cap of them) to hold need; aborts when out of memory. */
void podman_grow(void **v, size_t *cap, size_t need, size_t sz);

/* Set *field to a copy of s (n bytes) unless field is NULL or *field is already set. */
void podman_set_once(char **field, const char *s, size_t n);

/* 1 when s (n bytes) equals the NUL-terminated lit, else 0. */
int podman_str_eq(const char *s, size_t n, const char *lit);

/* Copy n bytes of s into a new NUL-terminated heap string; aborts when out of memory. */
char *podman_memdup(const char *s, size_t n);

/* The bytes after the last '/' of s (n bytes): sets *out. */
void podman_basename(const char *s, size_t n, struct podman_str *out);

/*
 * Check the arguments of podman_analyze()/runtime_analyze() and slice argv
 * into *args (heap, argc elements; caller frees). Returns 0, or -1 with a
 * message in err (errlen bytes, may be 0) and *args NULL.
 */
int podman_args_slices(const char *const *argv, const size_t *lens, size_t argc,
		       struct podman_str **args, char *err, size_t errlen);

/* Write a printf-style message into err (errlen bytes) when errlen > 0. */
void podman_set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* calloc() that never returns NULL (aborts when out of memory); n may be 0. */
void *podman_xcalloc(size_t n, size_t sz);

#endif
