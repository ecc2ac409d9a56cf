/*
 * podman_args.c: what a podman command line means (issue 3): subcommand
 * and object, targets, internal executions, and the public entry points of
 * podman_args.h. Parsing is in podman_parse.c, risks in podman_risks.c.
 */
#include "ingest/podman/podman_args.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/podman/podman_internal.h"
#include "util/json.h"

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
name_command(const struct podman_parse *p, struct pa_name *nm)
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

/* Append a target to out->targets. */
static void
add_target(struct podman_cmd *out, const char *s, size_t n)
{
	struct podman_strv sv = {out->targets, out->ntargets, out->ntargets};

	podman_strv_push(&sv, s, n, 0);
	out->targets = sv.v;
	out->ntargets = sv.n;
}

/* Operand j of the parse as a slice. */
static struct podman_str
operand(const struct podman_parse *p, size_t j)
{
	return p->args[p->pos[j]];
}

/* Apply a rule: fill the kind fields and targets from the operands. */
static void
apply_rule(const struct podman_parse *p, const struct pa_rule *r, struct podman_cmd *out)
{
	if (p->npos >= 1 && r->first != K_NONE) {
		struct podman_str o = operand(p, 0);

		podman_set_once(kind_field(out, r->first), o.p, o.n);
		add_target(out, o.p, o.n);
		for (size_t j = 1; r->multi && j < p->npos; j++) {
			o = operand(p, j);
			add_target(out, o.p, o.n);
		}
	}
	if (p->npos >= 2 && r->second != K_NONE) {
		struct podman_str o = operand(p, 1);

		podman_set_once(kind_field(out, r->second), o.p, o.n);
		if (r->first == K_NONE)
			add_target(out, o.p, o.n);
	}
}

/* podman cp: the container is the part before ':' of SRC or DEST ("ctr:/path"). */
static void
cp_targets(const struct podman_parse *p, struct podman_cmd *out)
{
	for (size_t j = 0; j < p->npos && j < 2; j++) {
		struct podman_str o = operand(p, j);
		const char *c;

		if (o.n == 0 || o.p[0] == '.' || o.p[0] == '/')
			continue;
		c = memchr(o.p, ':', o.n);
		if (c == NULL)
			continue;
		podman_set_once(&out->container, o.p, (size_t)(c - o.p));
		add_target(out, o.p, (size_t)(c - o.p));
	}
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
analyze_known(const struct podman_parse *p, const struct pa_name *nm, struct podman_cmd *out)
{
	struct podman_risks r;
	int creates = name_is(nm, "container", "run") || name_is(nm, "container", "create");

	memset(&r, 0, sizeof(r));
	if (creates) {
		struct podman_str v = podman_parse_last_value(p, "name");

		if (v.p != NULL)
			podman_set_once(&out->container, v.p, v.n);
		v = podman_parse_last_value(p, "pod");
		if (v.p != NULL)
			podman_set_once(&out->pod, v.p, v.n);
		if (p->npos >= 1) {
			struct podman_str o = operand(p, 0);

			if (podman_parse_last_bool(p, "rootfs")) {
				size_t n = o.n;

				if (n >= 2 && o.p[n - 2] == ':' && o.p[n - 1] == 'O')
					n -= 2; /* overlay rootfs */
				podman_risks_host_mount(&r, o.p, n);
			} else {
				podman_set_once(&out->image, o.p, o.n);
				add_target(out, o.p, o.n);
			}
		}
		if (p->npos >= 2)
			out->command_index = p->pos[1];
	} else if (name_is(nm, "container", "exec")) {
		if (p->npos >= 2)
			out->command_index = p->pos[1];
		if (podman_parse_last_bool(p, "privileged"))
			r.mask |= 1u << PODMAN_RISK_EXEC_PRIVILEGED;
	} else if (name_is(nm, "container", "cp")) {
		cp_targets(p, out);
	} else if (name_is(nm, "image", "build")) {
		for (size_t i = 0; i < p->nflags; i++) {
			if (podman_flag_is(&p->flags[i], "tag") && p->flags[i].has_val) {
				podman_set_once(&out->image, p->flags[i].val.p, p->flags[i].val.n);
				add_target(out, p->flags[i].val.p, p->flags[i].val.n);
			}
		}
	} else if (name_is(nm, "pod", "create")) {
		struct podman_str v = podman_parse_last_value(p, "name");

		if (v.p != NULL) {
			podman_set_once(&out->pod, v.p, v.n);
			add_target(out, v.p, v.n);
		}
	} else if (name_is(nm, "", "inspect")) {
		struct podman_str t = podman_parse_last_value(p, "type");
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
		podman_risks_collect(p, &r, out);
	podman_risks_emit(&r, out);
	podman_strv_free(&r.caps);
	podman_strv_free(&r.mounts);
	podman_strv_free(&r.devices);
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
	struct podman_parse p;
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
	podman_parse_all(&p, args, argc);
	name_command(&p, &nm);
	if (nm.object != NULL)
		out->object = podman_memdup(nm.object, strlen(nm.object));
	if (nm.has_verb)
		out->subcommand = podman_memdup(nm.verb.buf, nm.verb.len);
	out->object_typed = nm.object_typed;
	out->known = nm.known;
	out->help = p.help_word || p.help_flag || podman_parse_last_bool(&p, "help");
	/* with --help podman prints usage and does nothing else */
	if (!out->help && nm.known && nm.has_verb)
		analyze_known(&p, &nm, out);
	if (!out->help && name_is(&nm, "container", "cleanup"))
		set_internal(out, PODMAN_INTERNAL_CONMON_CLEANUP);
	else if (!out->help && name_is(&nm, "healthcheck", "run") && ctx != NULL &&
		 (ctx->auid == PODMAN_AUID_UNSET || ctx->auid == -1))
		set_internal(out, PODMAN_INTERNAL_HEALTHCHECK);
	strbuf_free(&nm.verb);
	podman_parse_free(&p);
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
	struct podman_parse p;
	int r;

	if (podman_args_slices(argv, lens, argc, &args, NULL, 0) != 0)
		return 0;
	podman_parse_all(&p, args, argc);
	r = p.unknown.p == NULL && !p.help_word && p.depth > 1 &&
	    strcmp(p.rows[p.depth - 1]->path, "container cleanup") == 0;
	podman_parse_free(&p);
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
