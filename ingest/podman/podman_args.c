/*
 * podman_args.c: what a podman command line means (issue 3).
 *
 * The command line is parsed the way podman itself parses it: cobra walks
 * the subcommand words, taking the global options on the way
 * (Command.Traverse), then pflag parses the subcommand's options (value or
 * boolean per podman_options.inc; "--x v", "--x=v", "-xv", "-x=v",
 * combined "-itd"; "--" ends options; run, create and exec stop at the
 * first operand, so the container's command is never read as options).
 */
#include "ingest/podman/podman_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/podman/podman_internal.h"
#include "util/json.h"

/* One option as parsed: canonical long name, value (when given), argv index. */
struct pa_flag {
	struct podman_str name;
	struct podman_str val;
	int has_val;
	size_t argi;
};

/* Parse state of one podman command line. */
struct pa_parse {
	const struct podman_str *args;
	size_t argc;
	const struct podman_optrow *rows[6]; /* root, then each subcommand word */
	size_t depth;
	struct podman_str unknown; /* unknown subcommand word; p NULL when none */
	int help_word;		   /* "podman [group] help ..." */
	int help_flag;		   /* --help before the subcommand */
	int root_version;	   /* "podman --version" / "-v" */
	size_t leaf_start;	   /* argv index after the last subcommand word */
	struct pa_flag *flags;
	size_t nflags, capflags;
	size_t *pos; /* argv indices of operands */
	size_t npos, cappos;
};

/* A growable array of heap strings. */
struct pa_strv {
	char **v;
	size_t n, cap;
};

/* Risk findings being collected, emitted in vocabulary order at the end. */
struct pa_risks {
	unsigned mask;
	struct pa_strv caps, mounts, devices;
};

static const char *const risk_names[PODMAN_RISK_COUNT] = {
    "privileged",
    "cap_add",
    "host_pid",
    "host_network",
    "host_ipc",
    "host_uts",
    "host_userns",
    "seccomp_unconfined",
    "apparmor_unconfined",
    "label_disable",
    "host_mount",
    "runtime_socket_mount",
    "device",
    "exec_privileged",
};

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
static void
grow(void **v, size_t *cap, size_t need, size_t sz)
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
static void
strv_push(struct pa_strv *sv, const char *s, size_t n, int dedup)
{
	if (dedup) {
		for (size_t i = 0; i < sv->n; i++)
			if (podman_str_eq(s, n, sv->v[i]))
				return;
	}
	grow((void **)&sv->v, &sv->cap, sv->n + 1, sizeof(char *));
	sv->v[sv->n++] = podman_memdup(s, n);
}

/* Free every string of sv and the array; leaves sv zeroed. */
static void
strv_free(struct pa_strv *sv)
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

/* Record an option for the subcommand. */
static void
add_flag(struct pa_parse *p, struct podman_str name, const char *val, size_t vlen, int has_val,
	 size_t argi)
{
	struct pa_flag *f;

	grow((void **)&p->flags, &p->capflags, p->nflags + 1, sizeof(*p->flags));
	f = &p->flags[p->nflags++];
	f->name = name;
	f->val.p = has_val ? val : "";
	f->val.n = has_val ? vlen : 0;
	f->has_val = has_val;
	f->argi = argi;
}

/* Record argv[argi] as an operand. */
static void
add_pos(struct pa_parse *p, size_t argi)
{
	grow((void **)&p->pos, &p->cappos, p->npos + 1, sizeof(*p->pos));
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
traverse(struct pa_parse *p)
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
parse_leaf(struct pa_parse *p)
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
static void
parse_free(struct pa_parse *p)
{
	free(p->flags);
	free(p->pos);
	memset(p, 0, sizeof(*p));
}

/* Run traverse() and, for a known subcommand, parse_leaf() over args. */
static void
parse_all(struct pa_parse *p, const struct podman_str *args, size_t argc)
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
flag_true(const struct pa_flag *f)
{
	return !f->has_val || parse_bool_true(f->val.p, f->val.n);
}

/* 1 when flag f is the long option name. */
static int
flag_is(const struct pa_flag *f, const char *name)
{
	return podman_str_eq(f->name.p, f->name.n, name);
}

/* The last value given to option name, or NULL (p) when none. */
static struct podman_str
last_value(const struct pa_parse *p, const char *name)
{
	struct podman_str v = {NULL, 0};

	for (size_t i = 0; i < p->nflags; i++)
		if (flag_is(&p->flags[i], name) && p->flags[i].has_val)
			v = p->flags[i].val;
	return v;
}

/* The last setting of boolean option name: 1 true, 0 false or absent. */
static int
last_bool(const struct pa_parse *p, const char *name)
{
	int v = 0;

	for (size_t i = 0; i < p->nflags; i++)
		if (flag_is(&p->flags[i], name))
			v = flag_true(&p->flags[i]);
	return v;
}

/* ---------------------------------------------------------------- naming */

static const char *const container_top[] = {
    "attach", "commit", "cp",	"create",  "exec",    "export",	 "init", "kill", "logs",
    "mount",  "pause",	"port", "ps",	   "rename",  "restart", "rm",	 "run",	 "start",
    "stats",  "stop",	"top",	"unmount", "unpause", "update",	 "wait", NULL,
};
static const char *const image_top[] = {
    "build", "history", "images", "import", "load",  "pull", "push",
    "rmi",   "save",	"search", "tag",    "untag", NULL,
};
static const char *const system_top[] = {"info", "events", NULL};

/* 1 when s (n bytes) is one of the NULL-terminated list. */
static int
in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list != NULL; list++)
		if (podman_str_eq(s, n, *list))
			return 1;
	return 0;
}

/* Object and subcommand of a known command, as static or heap strings. */
struct pa_name {
	const char *object; /* static or NULL */
	struct strbuf verb;
	int object_typed;
	int known;
	int has_verb;
};

/*
 * Name the parsed command: object (static) and normalised verb (into
 * nm->verb). See struct podman_cmd for the rules.
 */
static void
name_command(const struct pa_parse *p, struct pa_name *nm)
{
	const char *path;
	const char *sp;
	size_t glen;

	memset(nm, 0, sizeof(*nm));
	nm->known = 1;
	if (p->depth == 1) {
		if (p->unknown.p != NULL) {
			strbuf_add(&nm->verb, p->unknown.p, p->unknown.n);
			nm->has_verb = 1;
			nm->known = 0;
		} else if (p->help_word) {
			strbuf_puts(&nm->verb, "help");
			nm->has_verb = 1;
		} else if (p->root_version) {
			strbuf_puts(&nm->verb, "version");
			nm->has_verb = 1;
		}
		return;
	}
	path = p->rows[p->depth - 1]->path;
	sp = strchr(path, ' ');
	if (sp == NULL && !(p->rows[1]->flags & PO_GROUP)) {
		/* a one-word command */
		size_t n = strlen(path);

		if (in_list(container_top, path, n))
			nm->object = "container";
		else if (in_list(image_top, path, n))
			nm->object = "image";
		else if (in_list(system_top, path, n))
			nm->object = "system";
		strbuf_puts(&nm->verb, path);
		nm->has_verb = 1;
		return;
	}
	/* a group, and maybe words under it */
	glen = sp ? (size_t)(sp - path) : strlen(path);
	nm->object_typed = 1;
	if (podman_str_eq(path, glen, "buildx"))
		nm->object = "image";
	else if (podman_str_eq(path, glen, "play"))
		nm->object = "kube";
	else
		nm->object = p->rows[1]->path; /* static table string, NUL at glen */
	if (sp != NULL) {
		const char *rest = sp + 1;

		if (podman_str_eq(path, glen, "play"))
			rest = strcmp(rest, "kube") == 0 ? "play" : rest;
		else if (strcmp(path, "generate kube") == 0) {
			nm->object = "kube";
			rest = "generate";
		} else if (strcmp(nm->object, "container") == 0 && strcmp(rest, "list") == 0)
			rest = "ps";
		else if (strcmp(nm->object, "image") == 0 && strcmp(rest, "list") == 0)
			rest = "images";
		else if (strcmp(nm->object, "image") == 0 && strcmp(rest, "rm") == 0)
			rest = "rmi";
		strbuf_puts(&nm->verb, rest);
		nm->has_verb = 1;
	}
	if (p->unknown.p != NULL) {
		if (nm->has_verb)
			strbuf_putc(&nm->verb, ' ');
		strbuf_add(&nm->verb, p->unknown.p, p->unknown.n);
		nm->has_verb = 1;
		nm->known = 0;
	} else if (p->help_word) {
		strbuf_reset(&nm->verb);
		strbuf_puts(&nm->verb, "help");
		nm->has_verb = 1;
	}
}

/* ---------------------------------------------------------------- targets */

enum pa_kind { K_NONE, K_CONTAINER, K_IMAGE, K_POD, K_VOLUME, K_NETWORK };

/*
 * Which operands name what, per (object, verb): first is the kind of the
 * first operand, second of the second; multi means every operand from the
 * first on is of the first kind.
 */
static const struct pa_rule {
	const char *object; /* "" for none */
	const char *verb;
	unsigned char first, second, multi;
} rules[] = {
    {"container", "attach", K_CONTAINER, K_NONE, 0},
    {"container", "checkpoint", K_CONTAINER, K_NONE, 1},
    {"container", "cleanup", K_CONTAINER, K_NONE, 1},
    {"container", "clone", K_CONTAINER, K_NONE, 0},
    {"container", "commit", K_CONTAINER, K_IMAGE, 0},
    {"container", "diff", K_CONTAINER, K_NONE, 0},
    {"container", "exec", K_CONTAINER, K_NONE, 0},
    {"container", "exists", K_CONTAINER, K_NONE, 0},
    {"container", "export", K_CONTAINER, K_NONE, 0},
    {"container", "init", K_CONTAINER, K_NONE, 1},
    {"container", "inspect", K_CONTAINER, K_NONE, 1},
    {"container", "kill", K_CONTAINER, K_NONE, 1},
    {"container", "logs", K_CONTAINER, K_NONE, 1},
    {"container", "mount", K_CONTAINER, K_NONE, 1},
    {"container", "pause", K_CONTAINER, K_NONE, 1},
    {"container", "port", K_CONTAINER, K_NONE, 0},
    {"container", "rename", K_CONTAINER, K_NONE, 0},
    {"container", "restart", K_CONTAINER, K_NONE, 1},
    {"container", "restore", K_CONTAINER, K_NONE, 1},
    {"container", "rm", K_CONTAINER, K_NONE, 1},
    {"container", "runlabel", K_NONE, K_IMAGE, 0},
    {"container", "start", K_CONTAINER, K_NONE, 1},
    {"container", "stats", K_CONTAINER, K_NONE, 1},
    {"container", "stop", K_CONTAINER, K_NONE, 1},
    {"container", "top", K_CONTAINER, K_NONE, 0},
    {"container", "unmount", K_CONTAINER, K_NONE, 1},
    {"container", "unpause", K_CONTAINER, K_NONE, 1},
    {"container", "update", K_CONTAINER, K_NONE, 0},
    {"container", "wait", K_CONTAINER, K_NONE, 1},
    {"image", "diff", K_IMAGE, K_NONE, 0},
    {"image", "exists", K_IMAGE, K_NONE, 0},
    {"image", "history", K_IMAGE, K_NONE, 0},
    {"image", "images", K_IMAGE, K_NONE, 0},
    {"image", "import", K_NONE, K_IMAGE, 0},
    {"image", "inspect", K_IMAGE, K_NONE, 1},
    {"image", "mount", K_IMAGE, K_NONE, 1},
    {"image", "pull", K_IMAGE, K_NONE, 1},
    {"image", "push", K_IMAGE, K_NONE, 0},
    {"image", "rmi", K_IMAGE, K_NONE, 1},
    {"image", "save", K_IMAGE, K_NONE, 1},
    {"image", "scp", K_IMAGE, K_NONE, 0},
    {"image", "sign", K_IMAGE, K_NONE, 1},
    {"image", "tag", K_IMAGE, K_NONE, 1},
    {"image", "tree", K_IMAGE, K_NONE, 0},
    {"image", "unmount", K_IMAGE, K_NONE, 1},
    {"image", "untag", K_IMAGE, K_NONE, 1},
    {"pod", "clone", K_POD, K_NONE, 0},
    {"pod", "create", K_POD, K_NONE, 0},
    {"pod", "exists", K_POD, K_NONE, 0},
    {"pod", "inspect", K_POD, K_NONE, 1},
    {"pod", "kill", K_POD, K_NONE, 1},
    {"pod", "logs", K_POD, K_CONTAINER, 0},
    {"pod", "pause", K_POD, K_NONE, 1},
    {"pod", "restart", K_POD, K_NONE, 1},
    {"pod", "rm", K_POD, K_NONE, 1},
    {"pod", "start", K_POD, K_NONE, 1},
    {"pod", "stats", K_POD, K_NONE, 1},
    {"pod", "stop", K_POD, K_NONE, 1},
    {"pod", "top", K_POD, K_NONE, 0},
    {"pod", "unpause", K_POD, K_NONE, 1},
    {"volume", "create", K_VOLUME, K_NONE, 0},
    {"volume", "exists", K_VOLUME, K_NONE, 0},
    {"volume", "export", K_VOLUME, K_NONE, 0},
    {"volume", "import", K_VOLUME, K_NONE, 0},
    {"volume", "inspect", K_VOLUME, K_NONE, 1},
    {"volume", "mount", K_VOLUME, K_NONE, 1},
    {"volume", "rm", K_VOLUME, K_NONE, 1},
    {"volume", "unmount", K_VOLUME, K_NONE, 1},
    {"network", "connect", K_NETWORK, K_CONTAINER, 0},
    {"network", "create", K_NETWORK, K_NONE, 0},
    {"network", "disconnect", K_NETWORK, K_CONTAINER, 0},
    {"network", "exists", K_NETWORK, K_NONE, 0},
    {"network", "inspect", K_NETWORK, K_NONE, 1},
    {"network", "reload", K_CONTAINER, K_NONE, 1},
    {"network", "rm", K_NETWORK, K_NONE, 1},
    {"", "diff", K_CONTAINER, K_NONE, 0},
    {"generate", "systemd", K_CONTAINER, K_NONE, 0},
    {"generate", "spec", K_CONTAINER, K_NONE, 0},
    {"kube", "generate", K_CONTAINER, K_NONE, 1},
    {"healthcheck", "run", K_CONTAINER, K_NONE, 0},
    {"manifest", "add", K_IMAGE, K_IMAGE, 0},
    {"manifest", "annotate", K_IMAGE, K_IMAGE, 0},
    {"manifest", "create", K_IMAGE, K_NONE, 1},
    {"manifest", "exists", K_IMAGE, K_NONE, 0},
    {"manifest", "inspect", K_IMAGE, K_NONE, 0},
    {"manifest", "push", K_IMAGE, K_NONE, 0},
    {"manifest", "remove", K_IMAGE, K_IMAGE, 0},
    {"manifest", "rm", K_IMAGE, K_NONE, 1},
};

/* The field of out that holds targets of kind k, or NULL for K_NONE. */
static char **
kind_field(struct podman_cmd *out, enum pa_kind k)
{
	switch (k) {
	case K_CONTAINER:
		return &out->container;
	case K_IMAGE:
		return &out->image;
	case K_POD:
		return &out->pod;
	case K_VOLUME:
		return &out->volume;
	case K_NETWORK:
		return &out->network;
	case K_NONE:
		break;
	}
	return NULL;
}

/* Set *field to a copy of s unless already set. */
static void
set_once(char **field, const char *s, size_t n)
{
	if (field != NULL && *field == NULL)
		*field = podman_memdup(s, n);
}

/* Append a target to out->targets. */
static void
add_target(struct podman_cmd *out, const char *s, size_t n)
{
	struct pa_strv sv = {out->targets, out->ntargets, out->ntargets};

	strv_push(&sv, s, n, 0);
	out->targets = sv.v;
	out->ntargets = sv.n;
}

/* Operand j of the parse as a slice. */
static struct podman_str
operand(const struct pa_parse *p, size_t j)
{
	return p->args[p->pos[j]];
}

/* Apply a rule: fill the kind fields and targets from the operands. */
static void
apply_rule(const struct pa_parse *p, const struct pa_rule *r, struct podman_cmd *out)
{
	if (p->npos >= 1 && r->first != K_NONE) {
		struct podman_str o = operand(p, 0);

		set_once(kind_field(out, r->first), o.p, o.n);
		add_target(out, o.p, o.n);
		for (size_t j = 1; r->multi && j < p->npos; j++) {
			o = operand(p, j);
			add_target(out, o.p, o.n);
		}
	}
	if (p->npos >= 2 && r->second != K_NONE) {
		struct podman_str o = operand(p, 1);

		set_once(kind_field(out, r->second), o.p, o.n);
		if (r->first == K_NONE)
			add_target(out, o.p, o.n);
	}
}

/* podman cp: the container is the part before ':' of SRC or DEST ("ctr:/path"). */
static void
cp_targets(const struct pa_parse *p, struct podman_cmd *out)
{
	for (size_t j = 0; j < p->npos && j < 2; j++) {
		struct podman_str o = operand(p, j);
		const char *c;

		if (o.n == 0 || o.p[0] == '.' || o.p[0] == '/')
			continue;
		c = memchr(o.p, ':', o.n);
		if (c == NULL)
			continue;
		set_once(&out->container, o.p, (size_t)(c - o.p));
		add_target(out, o.p, (size_t)(c - o.p));
	}
}

/* ---------------------------------------------------------------- risks */

/*
 * Split s (n bytes) like Go's encoding/csv reading one record, as pflag
 * does for string-slice options and podman for --mount: fields separated by
 * ',', a field in double quotes may hold ',' and '""' for '"', leading empty
 * lines are skipped, the record ends at a newline. Calls fn for each field.
 * A malformed value (a bare or unterminated quote), which podman refuses,
 * is split on every ',' instead.
 */
static void
csv_fields(const char *s, size_t n, void (*fn)(void *, const char *, size_t), void *ctx)
{
	struct strbuf f = STRBUF_INIT;
	struct pa_strv fields = {NULL, 0, 0};
	size_t i = 0;
	int bad = 0;

	while (i < n && (s[i] == '\n' || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')))
		i += s[i] == '\n' ? 1 : 2;
	while (i < n) {
		strbuf_reset(&f);
		if (s[i] == '"') {
			int closed = 0;

			for (i++; i < n; i++) {
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						strbuf_putc(&f, '"');
						i++;
						continue;
					}
					closed = 1;
					i++;
					break;
				}
				if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
					continue;
				strbuf_putc(&f, s[i]);
			}
			if (!closed) {
				bad = 1;
				break;
			}
			strv_push(&fields, strbuf_str(&f), f.len, 0);
			if (i < n && s[i] == ',') {
				i++;
				if (i == n)
					strv_push(&fields, "", 0, 0);
				continue;
			}
			if (i < n && s[i] != '\n' &&
			    !(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
				bad = 1;
			break;
		} else {
			size_t st = i, e;

			while (i < n && s[i] != ',' && s[i] != '\n')
				i++;
			e = i;
			if (e > st && s[e - 1] == '\r' && (e == n || s[e] == '\n'))
				e--;
			if (memchr(s + st, '"', e - st) != NULL) {
				bad = 1;
				break;
			}
			strv_push(&fields, s + st, e - st, 0);
			if (i < n && s[i] == ',') {
				i++;
				if (i == n)
					strv_push(&fields, "", 0, 0);
				continue;
			}
			break;
		}
	}
	if (bad) {
		size_t st = 0;

		for (size_t j = 0; j <= n; j++) {
			if (j == n || s[j] == ',') {
				fn(ctx, s + st, j - st);
				st = j + 1;
			}
		}
	} else {
		for (size_t j = 0; j < fields.n; j++)
			fn(ctx, fields.v[j], strlen(fields.v[j]));
	}
	strv_free(&fields);
	strbuf_free(&f);
}

/* csv_fields() callback for --cap-add: upper case, without "CAP_". */
static void
risk_cap(void *ctx, const char *s, size_t n)
{
	struct pa_risks *r = ctx;
	struct strbuf b = STRBUF_INIT;
	const char *c;

	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		strbuf_putc(&b, (ch >= 'a' && ch <= 'z') ? (char)(ch - 'a' + 'A') : ch);
	}
	c = strbuf_str(&b);
	if (b.len > 4 && memcmp(c, "CAP_", 4) == 0)
		strv_push(&r->caps, c + 4, b.len - 4, 1);
	else
		strv_push(&r->caps, c, b.len, 1);
	r->mask |= 1u << PODMAN_RISK_CAP_ADD;
	strbuf_free(&b);
}

/* csv_fields() callback for --device: the host path before the first ':'. */
static void
risk_device(void *ctx, const char *s, size_t n)
{
	struct pa_risks *r = ctx;
	const char *c = memchr(s, ':', n);

	if (c != NULL)
		n = (size_t)(c - s);
	if (n == 0)
		return;
	strv_push(&r->devices, s, n, 1);
	r->mask |= 1u << PODMAN_RISK_DEVICE;
}

/* 1 when path (n bytes) is a podman or docker API socket or its directory. */
static int
is_runtime_socket(const char *s, size_t n)
{
	struct podman_str base;

	while (n > 1 && s[n - 1] == '/')
		n--;
	podman_basename(s, n, &base);
	if (podman_str_eq(base.p, base.n, "podman.sock") ||
	    podman_str_eq(base.p, base.n, "docker.sock"))
		return 1;
	if (podman_str_eq(s, n, "/run/podman") || podman_str_eq(s, n, "/var/run/podman") ||
	    podman_str_eq(s, n, "/run/docker") || podman_str_eq(s, n, "/var/run/docker"))
		return 1;
	/* /run/user/<uid>/podman */
	if (n > 17 && memcmp(s, "/run/user/", 10) == 0 && podman_str_eq(base.p, base.n, "podman")) {
		size_t i = 10;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		return i > 10 && s + i + 1 == base.p && s[i] == '/';
	}
	return 0;
}

/* Record a bind mount of host path src (n bytes). */
static void
risk_host_mount(struct pa_risks *r, const char *src, size_t n)
{
	strv_push(&r->mounts, src, n, 1);
	r->mask |= 1u << PODMAN_RISK_HOST_MOUNT;
	if (is_runtime_socket(src, n))
		r->mask |= 1u << PODMAN_RISK_RUNTIME_SOCKET_MOUNT;
}

/* Context for parsing one --mount value. */
struct pa_mount {
	struct podman_str type, src;
	struct strbuf store; /* holds copies of type and source */
	size_t type_off, src_off;
	int has_type, has_src;
};

/* csv_fields() callback for --mount: note type= and source=/src=. */
static void
mount_field(void *ctx, const char *s, size_t n)
{
	struct pa_mount *m = ctx;
	const char *eq = memchr(s, '=', n);
	size_t klen;

	if (eq == NULL)
		return;
	klen = (size_t)(eq - s);
	if (podman_str_eq(s, klen, "type") && !m->has_type) {
		m->type_off = m->store.len;
		m->type.n = n - klen - 1;
		strbuf_add(&m->store, eq + 1, m->type.n);
		strbuf_putc(&m->store, '\0');
		m->has_type = 1;
	} else if (podman_str_eq(s, klen, "source") || podman_str_eq(s, klen, "src")) {
		m->src_off = m->store.len;
		m->src.n = n - klen - 1;
		strbuf_add(&m->store, eq + 1, m->src.n);
		strbuf_putc(&m->store, '\0');
		m->has_src = 1;
	}
}

/* --mount: type=bind (or glob) with a source is a host mount; type=volume names a volume. */
static void
risk_mount(struct pa_risks *r, struct podman_cmd *out, const char *s, size_t n)
{
	struct pa_mount m;

	memset(&m, 0, sizeof(m));
	csv_fields(s, n, mount_field, &m);
	if (m.has_src && m.src.n > 0) {
		const char *src = m.store.buf + m.src_off;
		const char *type = m.has_type ? m.store.buf + m.type_off : "volume";
		size_t tlen = m.has_type ? m.type.n : 6;

		if (podman_str_eq(type, tlen, "bind") || podman_str_eq(type, tlen, "glob"))
			risk_host_mount(r, src, m.src.n);
		else if (podman_str_eq(type, tlen, "volume"))
			set_once(&out->volume, src, m.src.n);
	}
	strbuf_free(&m.store);
}

/* -v/--volume SRC:DST[:OPTS]: SRC starting with '/' or '.' is a host path, else a volume name. */
static void
risk_volume(struct pa_risks *r, struct podman_cmd *out, const char *s, size_t n)
{
	const char *c = memchr(s, ':', n);
	size_t slen;

	if (c == NULL)
		return; /* "-v /data": an anonymous volume */
	slen = (size_t)(c - s);
	if (slen == 0)
		return;
	if (s[0] == '/' || s[0] == '.')
		risk_host_mount(r, s, slen);
	else
		set_once(&out->volume, s, slen);
}

/* 1 when a namespace option value means the host's namespace of kind ("pid", "net", ...). */
static int
is_host_ns(const struct podman_str *v, const char *kind)
{
	char path[32];

	if (podman_str_eq(v->p, v->n, "host"))
		return 1;
	snprintf(path, sizeof(path), "ns:/proc/1/ns/%s", kind);
	return podman_str_eq(v->p, v->n, path);
}

/* --security-opt KEY=VALUE (or KEY:VALUE): unconfined seccomp/apparmor, label=disable. */
static void
risk_secopt(struct pa_risks *r, const char *s, size_t n)
{
	const char *sep = memchr(s, '=', n);
	size_t klen;
	const char *v;
	size_t vlen;

	if (sep == NULL)
		sep = memchr(s, ':', n);
	if (sep == NULL)
		return;
	klen = (size_t)(sep - s);
	v = sep + 1;
	vlen = n - klen - 1;
	if (podman_str_eq(s, klen, "seccomp") && podman_str_eq(v, vlen, "unconfined"))
		r->mask |= 1u << PODMAN_RISK_SECCOMP_UNCONFINED;
	else if (podman_str_eq(s, klen, "apparmor") && podman_str_eq(v, vlen, "unconfined"))
		r->mask |= 1u << PODMAN_RISK_APPARMOR_UNCONFINED;
	else if (podman_str_eq(s, klen, "label") && podman_str_eq(v, vlen, "disable"))
		r->mask |= 1u << PODMAN_RISK_LABEL_DISABLE;
}

/* Collect the risks of a container-creating command (run, create, pod create, build ...). */
static void
collect_risks(const struct pa_parse *p, struct pa_risks *r, struct podman_cmd *out)
{
	static const struct {
		const char *flag;
		const char *ns;
		enum podman_risk risk;
	} nsopts[] = {
	    {"pid", "pid", PODMAN_RISK_HOST_PID},
	    {"ipc", "ipc", PODMAN_RISK_HOST_IPC},
	    {"uts", "uts", PODMAN_RISK_HOST_UTS},
	    {"userns", "user", PODMAN_RISK_HOST_USERNS},
	};

	if (last_bool(p, "privileged"))
		r->mask |= 1u << PODMAN_RISK_PRIVILEGED;
	for (size_t k = 0; k < sizeof(nsopts) / sizeof(nsopts[0]); k++) {
		struct podman_str v = last_value(p, nsopts[k].flag);

		if (v.p != NULL && is_host_ns(&v, nsopts[k].ns))
			r->mask |= 1u << nsopts[k].risk;
	}
	for (size_t i = 0; i < p->nflags; i++) {
		const struct pa_flag *f = &p->flags[i];

		if (!f->has_val)
			continue;
		if (flag_is(f, "cap-add"))
			csv_fields(f->val.p, f->val.n, risk_cap, r);
		else if (flag_is(f, "network") && is_host_ns(&f->val, "net"))
			r->mask |= 1u << PODMAN_RISK_HOST_NETWORK;
		else if (flag_is(f, "security-opt"))
			risk_secopt(r, f->val.p, f->val.n);
		else if (flag_is(f, "volume"))
			risk_volume(r, out, f->val.p, f->val.n);
		else if (flag_is(f, "mount"))
			risk_mount(r, out, f->val.p, f->val.n);
		else if (flag_is(f, "device"))
			csv_fields(f->val.p, f->val.n, risk_device, r);
	}
}

/* Emit the collected risks into out in vocabulary order. */
static void
emit_risks(struct pa_risks *r, struct podman_cmd *out)
{
	struct pa_strv sv = {NULL, 0, 0};
	struct strbuf b = STRBUF_INIT;

	for (int k = 0; k < PODMAN_RISK_COUNT; k++) {
		const struct pa_strv *args = NULL;

		if (!(r->mask & (1u << k)))
			continue;
		if (k == PODMAN_RISK_CAP_ADD)
			args = &r->caps;
		else if (k == PODMAN_RISK_HOST_MOUNT)
			args = &r->mounts;
		else if (k == PODMAN_RISK_DEVICE)
			args = &r->devices;
		if (args == NULL) {
			strv_push(&sv, risk_names[k], strlen(risk_names[k]), 0);
			continue;
		}
		for (size_t i = 0; i < args->n; i++) {
			strbuf_reset(&b);
			strbuf_puts(&b, risk_names[k]);
			strbuf_putc(&b, ':');
			strbuf_puts(&b, args->v[i]);
			strv_push(&sv, b.buf, b.len, 0);
		}
	}
	out->risks = sv.v;
	out->nrisks = sv.n;
	out->risk_mask = r->mask;
	strbuf_free(&b);
}

/* ---------------------------------------------------------------- analysis */

/* 1 when (object, verb) of nm is obj/verb. */
static int
name_is(const struct pa_name *nm, const char *obj, const char *verb)
{
	const char *o = nm->object ? nm->object : "";

	return nm->known && nm->has_verb && strcmp(o, obj) == 0 &&
	       strcmp(strbuf_str(&nm->verb), verb) == 0;
}

/* Fill targets, risks and command_index of out from the parse. */
static void
analyze_known(const struct pa_parse *p, const struct pa_name *nm, struct podman_cmd *out)
{
	struct pa_risks r;
	int creates = name_is(nm, "container", "run") || name_is(nm, "container", "create");

	memset(&r, 0, sizeof(r));
	if (creates) {
		struct podman_str v = last_value(p, "name");

		if (v.p != NULL)
			set_once(&out->container, v.p, v.n);
		v = last_value(p, "pod");
		if (v.p != NULL)
			set_once(&out->pod, v.p, v.n);
		if (p->npos >= 1) {
			struct podman_str o = operand(p, 0);

			if (last_bool(p, "rootfs")) {
				size_t n = o.n;

				if (n >= 2 && o.p[n - 2] == ':' && o.p[n - 1] == 'O')
					n -= 2; /* overlay rootfs */
				risk_host_mount(&r, o.p, n);
			} else {
				set_once(&out->image, o.p, o.n);
				add_target(out, o.p, o.n);
			}
		}
		if (p->npos >= 2)
			out->command_index = p->pos[1];
	} else if (name_is(nm, "container", "exec")) {
		if (p->npos >= 2)
			out->command_index = p->pos[1];
		if (last_bool(p, "privileged"))
			r.mask |= 1u << PODMAN_RISK_EXEC_PRIVILEGED;
	} else if (name_is(nm, "container", "cp")) {
		cp_targets(p, out);
	} else if (name_is(nm, "image", "build")) {
		for (size_t i = 0; i < p->nflags; i++) {
			if (flag_is(&p->flags[i], "tag") && p->flags[i].has_val) {
				set_once(&out->image, p->flags[i].val.p, p->flags[i].val.n);
				add_target(out, p->flags[i].val.p, p->flags[i].val.n);
			}
		}
	} else if (name_is(nm, "pod", "create")) {
		struct podman_str v = last_value(p, "name");

		if (v.p != NULL) {
			set_once(&out->pod, v.p, v.n);
			add_target(out, v.p, v.n);
		}
	} else if (name_is(nm, "", "inspect")) {
		struct podman_str t = last_value(p, "type");
		struct pa_rule rule = {"", "inspect", K_CONTAINER, K_NONE, 1};

		if (t.p != NULL && podman_str_eq(t.p, t.n, "image"))
			rule.first = K_IMAGE;
		else if (t.p != NULL && podman_str_eq(t.p, t.n, "pod"))
			rule.first = K_POD;
		else if (t.p != NULL && podman_str_eq(t.p, t.n, "volume"))
			rule.first = K_VOLUME;
		else if (t.p != NULL && podman_str_eq(t.p, t.n, "network"))
			rule.first = K_NETWORK;
		apply_rule(p, &rule, out);
	}
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (name_is(nm, rules[i].object, rules[i].verb)) {
			apply_rule(p, &rules[i], out);
			break;
		}
	}
	if (creates || name_is(nm, "pod", "create") || name_is(nm, "pod", "clone") ||
	    name_is(nm, "container", "clone") || name_is(nm, "image", "build") ||
	    name_is(nm, "kube", "play"))
		collect_risks(p, &r, out);
	emit_risks(&r, out);
	strv_free(&r.caps);
	strv_free(&r.mounts);
	strv_free(&r.devices);
}

/* Set out's internal fields. */
static void
set_internal(struct podman_cmd *out, enum podman_internal why)
{
	out->internal = why;
	out->internal_reason = podman_internal_name(why);
}

/* Analyse a podman command line; see podman_args.h. */
int
podman_analyze(const char *const *argv, const size_t *lens, size_t argc,
	       const struct podman_ctx *ctx, struct podman_cmd *out, char *err, size_t errlen)
{
	struct podman_str *args;
	struct pa_parse p;
	struct pa_name nm;

	if (out == NULL) {
		podman_set_err(err, errlen, "out is NULL");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	if (podman_args_slices(argv, lens, argc, &args, err, errlen) != 0)
		return -1;
	out->mode = ctx ? podman_mode(ctx->uid, ctx->auid) : PODMAN_MODE_OTHER;
	out->known = 1;
	if (argc > 0 && podman_is_helper(args[0].p, args[0].n, ctx)) {
		set_internal(out, PODMAN_INTERNAL_HELPER);
		free(args);
		return 0;
	}
	if (podman_is_pause(argc, ctx)) {
		set_internal(out, PODMAN_INTERNAL_PAUSE);
		free(args);
		return 0;
	}
	parse_all(&p, args, argc);
	name_command(&p, &nm);
	if (nm.object != NULL)
		out->object = podman_memdup(nm.object, strlen(nm.object));
	if (nm.has_verb)
		out->subcommand = podman_memdup(nm.verb.buf, nm.verb.len);
	out->object_typed = nm.object_typed;
	out->known = nm.known;
	out->help = p.help_word || p.help_flag || last_bool(&p, "help");
	/* with --help podman prints usage and does nothing else */
	if (!out->help && nm.known && nm.has_verb)
		analyze_known(&p, &nm, out);
	if (!out->help && name_is(&nm, "container", "cleanup"))
		set_internal(out, PODMAN_INTERNAL_CONMON_CLEANUP);
	else if (!out->help && name_is(&nm, "healthcheck", "run") && ctx != NULL &&
		 (ctx->auid == PODMAN_AUID_UNSET || ctx->auid == -1))
		set_internal(out, PODMAN_INTERNAL_HEALTHCHECK);
	strbuf_free(&nm.verb);
	parse_free(&p);
	free(args);
	return 0;
}

/* Free an array of n heap strings. */
static void
free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Release a podman_cmd; see podman_args.h. */
void
podman_cmd_free(struct podman_cmd *cmd)
{
	if (cmd == NULL)
		return;
	free(cmd->subcommand);
	free(cmd->object);
	free(cmd->container);
	free(cmd->image);
	free(cmd->pod);
	free(cmd->volume);
	free(cmd->network);
	free_strv(cmd->targets, cmd->ntargets);
	free_strv(cmd->risks, cmd->nrisks);
	memset(cmd, 0, sizeof(*cmd));
}

/* ---------------------------------------------------------------- small helpers */

/* Classify uid/auid; see podman_args.h. */
enum podman_mode
podman_mode(int64_t uid, int64_t auid)
{
	int unset = auid == PODMAN_AUID_UNSET || auid < 0;

	if (uid == 0 && unset)
		return PODMAN_MODE_ROOT_NO_SESSION;
	if (uid == 0 && auid != 0)
		return PODMAN_MODE_SUDO;
	if (uid > 0 && !unset && uid == auid)
		return PODMAN_MODE_ROOTLESS;
	return PODMAN_MODE_OTHER;
}

/* Name of a mode; see podman_args.h. */
const char *
podman_mode_name(enum podman_mode mode)
{
	switch (mode) {
	case PODMAN_MODE_SUDO:
		return "sudo";
	case PODMAN_MODE_ROOTLESS:
		return "rootless";
	case PODMAN_MODE_ROOT_NO_SESSION:
		return "root-no-session";
	case PODMAN_MODE_OTHER:
		break;
	}
	return "other";
}

/* Name of an internal reason; see podman_args.h. */
const char *
podman_internal_name(enum podman_internal why)
{
	switch (why) {
	case PODMAN_INTERNAL_NONE:
		return NULL;
	case PODMAN_INTERNAL_CONMON_CLEANUP:
		return "conmon-cleanup";
	case PODMAN_INTERNAL_ROOTLESS_REEXEC:
		return "rootless-reexec";
	case PODMAN_INTERNAL_PAUSE:
		return "pause-process";
	case PODMAN_INTERNAL_HELPER:
		return "helper";
	case PODMAN_INTERNAL_VERSION_PROBE:
		return "version-probe";
	case PODMAN_INTERNAL_RUNTIME_INIT:
		return "runtime-init";
	case PODMAN_INTERNAL_HEALTHCHECK:
		return "healthcheck-timer";
	}
	return NULL;
}

/* Name of a risk kind; see podman_args.h. */
const char *
podman_risk_name(enum podman_risk risk)
{
	if ((int)risk < 0 || risk >= PODMAN_RISK_COUNT)
		return NULL;
	return risk_names[risk];
}

/* Compare two argv from argv[1] on; see podman_args.h. */
int
podman_same_args(const char *const *a, const size_t *alens, size_t ac, const char *const *b,
		 const size_t *blens, size_t bc)
{
	if (ac != bc)
		return 0;
	if (ac > 1 && (a == NULL || b == NULL))
		return 0;
	for (size_t i = 1; i < ac; i++) {
		size_t an, bn;

		if (a[i] == NULL || b[i] == NULL)
			return 0;
		an = alens ? alens[i] : strlen(a[i]);
		bn = blens ? blens[i] : strlen(b[i]);
		if (an != bn || memcmp(a[i], b[i], an) != 0)
			return 0;
	}
	return 1;
}

/* Rootless re-exec test; see podman_args.h. */
int
podman_is_reexec(const struct podman_ctx *child, const char *const *cargv, const size_t *clens,
		 size_t cargc, const struct podman_ctx *parent, const char *const *pargv,
		 const size_t *plens, size_t pargc)
{
	if (child == NULL || parent == NULL)
		return 0;
	if (child->ppid <= 0 || parent->pid <= 0 || child->ppid != parent->pid)
		return 0;
	if (child->uid <= 0 || child->uid != parent->uid || child->auid != parent->auid)
		return 0;
	if (cargc == 0)
		return 0;
	return podman_same_args(cargv, clens, cargc, pargv, plens, pargc);
}

/* "container cleanup" test; see podman_args.h. */
int
podman_is_cleanup(const char *const *argv, const size_t *lens, size_t argc)
{
	struct podman_str *args;
	struct pa_parse p;
	int r;

	if (podman_args_slices(argv, lens, argc, &args, NULL, 0) != 0)
		return 0;
	parse_all(&p, args, argc);
	r = p.unknown.p == NULL && !p.help_word && p.depth > 1 &&
	    strcmp(p.rows[p.depth - 1]->path, "container cleanup") == 0;
	parse_free(&p);
	free(args);
	return r;
}

/* Pause process test; see podman_args.h. */
int
podman_is_pause(size_t argc, const struct podman_ctx *ctx)
{
	return argc == 1 && ctx != NULL && ctx->ppid == 1;
}

/* Helper test; see podman_args.h. */
int
podman_is_helper(const char *argv0, size_t len, const struct podman_ctx *ctx)
{
	if (ctx != NULL && ctx->comm != NULL && strcmp(ctx->comm, "exe") == 0)
		return 1;
	if (argv0 != NULL) {
		struct podman_str base;

		podman_basename(argv0, len, &base);
		return !(podman_str_eq(base.p, base.n, "podman") ||
			 podman_str_eq(base.p, base.n, "podman-remote") ||
			 podman_str_eq(base.p, base.n, "docker"));
	}
	return 0;
}

/* Append the strings v[0..n-1] to sb as a JSON array. */
static void
json_strv(char *const *v, size_t n, struct strbuf *sb)
{
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strbuf_putc(sb, ',');
		json_put_string(sb, v[i], strlen(v[i]));
	}
	strbuf_putc(sb, ']');
}

/* Risks as JSON; see podman_args.h. */
void
podman_risks_json(const struct podman_cmd *cmd, struct strbuf *sb)
{
	json_strv(cmd->risks, cmd->nrisks, sb);
}

/* Targets as JSON; see podman_args.h. */
void
podman_targets_json(const struct podman_cmd *cmd, struct strbuf *sb)
{
	json_strv(cmd->targets, cmd->ntargets, sb);
}
