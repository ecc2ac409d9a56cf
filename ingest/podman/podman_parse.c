/*
 * podman_parse.c: reading a podman command line the way podman does.
 *
 * cobra walks the subcommand words, taking the global options on the way
 * (Command.Traverse), then pflag parses the subcommand's options (value or
 * boolean per podman_options.inc; "--x v", "--x=v", "-xv", "-x=v",
 * combined "-itd"; "--" ends options; run, create and exec stop at the
 * first operand, so the container's command is never read as options).
 */
#include "ingest/podman/podman_internal.h"

#include <stdlib.h>
#include <string.h>

/* Record an option for the subcommand. */
static void
add_flag(struct podman_parse *p, struct podman_str name, const char *val, size_t vlen, int has_val,
	 size_t argi)
{
	struct podman_flag *f;

	podman_grow((void **)&p->flags, &p->capflags, p->nflags + 1, sizeof(*p->flags));
	f = &p->flags[p->nflags++];
	f->name = name;
	f->val.p = has_val ? val : "";
	f->val.n = has_val ? vlen : 0;
	f->has_val = has_val;
	f->argi = argi;
}

/* Record argv[argi] as an operand. */
static void
add_pos(struct podman_parse *p, size_t argi)
{
	podman_grow((void **)&p->pos, &p->cappos, p->npos + 1, sizeof(*p->pos));
	p->pos[p->npos++] = argi;
}

/* cobra's isFlagArg(): "--x..." or "-x...". */
static int
is_flag_arg(const char *a, size_t n)
{
	return (n >= 3 && a[0] == '-' && a[1] == '-') || (n >= 2 && a[0] == '-' && a[1] != '-');
}

/*
 * Walk the subcommand words like cobra's Command.Traverse: global options
 * before and between the words are skipped (a value-taking or unknown
 * "--x" takes the next argument, a known boolean does not). Sets rows,
 * depth, unknown, help_word, root_version and leaf_start.
 */
static void
traverse(struct podman_parse *p)
{
	const struct podman_optrow *root = podman_opt_root();
	const struct podman_optrow *row = root;
	int in_flag = 0;
	size_t i = 1;

	p->rows[0] = root;
	p->depth = 1;
	while (i < p->argc) {
		const char *a = p->args[i].p;
		size_t n = p->args[i].n;
		struct podman_str canon;
		enum podman_optkind k;

		if (n >= 2 && a[0] == '-' && a[1] == '-' && memchr(a, '=', n) == NULL) {
			k = podman_opt_long(row, a + 2, n - 2, &canon);
			in_flag = !(k == PO_BOOL || k == PO_OPTVALUE);
			if (row == root && k == PO_BOOL &&
			    podman_str_eq(canon.p, canon.n, "version"))
				p->root_version = 1;
			if (k == PO_BOOL && podman_str_eq(canon.p, canon.n, "help"))
				p->help_flag = 1;
			i++;
			continue;
		}
		if (n == 2 && a[0] == '-' && a[1] != '=') {
			k = podman_opt_short(row, a + 1, &canon);
			in_flag = !(k == PO_BOOL || k == PO_OPTVALUE);
			if (row == root && k == PO_BOOL &&
			    podman_str_eq(canon.p, canon.n, "version"))
				p->root_version = 1;
			i++;
			continue;
		}
		if (in_flag) {
			in_flag = 0;
			i++;
			continue;
		}
		if (is_flag_arg(a, n)) {
			i++;
			continue;
		}
		{
			const struct podman_optrow *child = podman_opt_child(row, a, n);

			i++;
			if (child == NULL) {
				if (podman_str_eq(a, n, "help"))
					p->help_word = 1;
				else
					p->unknown = p->args[i - 1];
				break;
			}
			row = child;
			if (p->depth < sizeof(p->rows) / sizeof(p->rows[0]))
				p->rows[p->depth++] = row;
			if (!(row->flags & PO_GROUP))
				break;
		}
	}
	p->leaf_start = i;
}

/*
 * Parse the subcommand's own arguments like pflag: options (the leaf's and
 * the inherited global ones) into flags, operands into pos. An unknown
 * option is taken as a boolean (podman would refuse the command).
 */
static void
parse_leaf(struct podman_parse *p)
{
	const struct podman_optrow *row = p->rows[p->depth - 1];
	int inter = !(row->flags & PO_NOINTERSPERSE);
	size_t i = p->leaf_start;

	while (i < p->argc) {
		const char *a = p->args[i].p;
		size_t n = p->args[i].n;
		size_t argi = i++;

		if (n < 2 || a[0] != '-') {
			add_pos(p, argi);
			if (!inter) {
				while (i < p->argc)
					add_pos(p, i++);
			}
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			size_t nn = n - 2;
			const char *eq;
			size_t nlen;
			struct podman_str canon;
			enum podman_optkind k;

			if (nn == 0) { /* "--": the rest are operands */
				while (i < p->argc)
					add_pos(p, i++);
				break;
			}
			if (name[0] == '-' || name[0] == '=')
				continue; /* pflag: bad flag syntax */
			eq = memchr(name, '=', nn);
			nlen = eq ? (size_t)(eq - name) : nn;
			k = podman_opt_long(row, name, nlen, &canon);
			if (eq != NULL)
				add_flag(p, canon, eq + 1, nn - nlen - 1, 1, argi);
			else if (k == PO_VALUE && i < p->argc) {
				add_flag(p, canon, p->args[i].p, p->args[i].n, 1, argi);
				i++;
			} else
				add_flag(p, canon, NULL, 0, 0, argi);
			continue;
		}
		{
			const char *s = a + 1;
			size_t sn = n - 1;

			while (sn > 0) {
				struct podman_str canon;
				enum podman_optkind k = podman_opt_short(row, s, &canon);

				if (sn > 2 && s[1] == '=') {
					add_flag(p, canon, s + 2, sn - 2, 1, argi);
					break;
				}
				if (k != PO_VALUE) {
					add_flag(p, canon, NULL, 0, 0, argi);
					s++;
					sn--;
					continue;
				}
				if (sn > 1) {
					add_flag(p, canon, s + 1, sn - 1, 1, argi);
				} else if (i < p->argc) {
					add_flag(p, canon, p->args[i].p, p->args[i].n, 1, argi);
					i++;
				} else {
					add_flag(p, canon, NULL, 0, 0, argi);
				}
				break;
			}
		}
	}
}

/* Release what the parse state holds. */
void
podman_parse_free(struct podman_parse *p)
{
	free(p->flags);
	free(p->pos);
	memset(p, 0, sizeof(*p));
}

/* Run traverse() and, for a known subcommand, parse_leaf() over args. */
void
podman_parse_all(struct podman_parse *p, const struct podman_str *args, size_t argc)
{
	memset(p, 0, sizeof(*p));
	p->args = args;
	p->argc = argc;
	p->rows[0] = podman_opt_root();
	p->depth = 1;
	if (argc == 0)
		return;
	traverse(p);
	if (p->unknown.p == NULL && !p->help_word && p->depth > 1 &&
	    !(p->rows[p->depth - 1]->flags & PO_GROUP))
		parse_leaf(p);
}

/* pflag's strconv.ParseBool: 1 for a true spelling, 0 for anything else. */
static int
parse_bool_true(const char *s, size_t n)
{
	return podman_str_eq(s, n, "1") || podman_str_eq(s, n, "t") || podman_str_eq(s, n, "T") ||
	       podman_str_eq(s, n, "true") || podman_str_eq(s, n, "TRUE") ||
	       podman_str_eq(s, n, "True");
}

/* Value of a boolean option occurrence: no value means true. */
static int
flag_true(const struct podman_flag *f)
{
	return !f->has_val || parse_bool_true(f->val.p, f->val.n);
}

/* 1 when flag f is the long option name. */
int
podman_flag_is(const struct podman_flag *f, const char *name)
{
	return podman_str_eq(f->name.p, f->name.n, name);
}

/* The last value given to option name, or NULL (p) when none. */
struct podman_str
podman_parse_last_value(const struct podman_parse *p, const char *name)
{
	struct podman_str v = {NULL, 0};

	for (size_t i = 0; i < p->nflags; i++)
		if (podman_flag_is(&p->flags[i], name) && p->flags[i].has_val)
			v = p->flags[i].val;
	return v;
}

/* The last setting of boolean option name: 1 true, 0 false or absent. */
int
podman_parse_last_bool(const struct podman_parse *p, const char *name)
{
	int v = 0;

	for (size_t i = 0; i < p->nflags; i++)
		if (podman_flag_is(&p->flags[i], name))
			v = flag_true(&p->flags[i]);
	return v;
}
