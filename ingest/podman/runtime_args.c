/*
 * runtime_args.c: what a conmon, runc or crun command line means (issue 3):
 * the container, and what is done to it.
 *
 * conmon (GLib option parser) takes everything as options: -c/--cid is the
 * container ID, -n/--name its name, -e/--exec an exec session whose ID is
 * -u/--cuuid, --restore a checkpoint restore, --version a probe.
 *
 * runc (Go flag, via urfave/cli) and crun (argp) take global options, then
 * the action, then the action's options, then the container ID as the first
 * operand ("runc kill ID 9", "runc exec ... ID cmd args").
 */
#include "ingest/podman/podman_args.h"

#include <stdlib.h>
#include <string.h>

#include "ingest/podman/podman_internal.h"

/* conmon options that take a value (long, then short letters mapped to long). */
static const char conmon_vlong[] =
    "api-version bundle cid conmon-pidfile container-pidfile cuuid exec-process-spec "
    "exit-command exit-command-arg exit-delay exit-dir log-level log-path log-size-max "
    "log-global-size-max log-tag log-label log-allowlist-dir name persist-dir pidfile restore "
    "restore-arg runtime runtime-arg runtime-opt sdnotify-socket seccomp-notify-socket "
    "seccomp-notify-plugins socket-dir-path timeout";
static const struct {
	char c;
	const char *name;
} conmon_vshort[] = {
    {'b', "bundle"},  {'c', "cid"},	 {'P', "conmon-pidfile"}, {'p', "container-pidfile"},
    {'u', "cuuid"},   {'l', "log-path"}, {'n', "name"},		  {'0', "persist-dir"},
    {'r', "runtime"}, {'T', "timeout"},
};
static const struct {
	char c;
	const char *name;
} conmon_bshort[] = {
    {'e', "exec"}, {'i', "stdin"}, {'s', "systemd-cgroup"}, {'t', "terminal"}, {'h', "help"},
};

/* runc/crun global options that take a value. */
static const char oci_global_vlong[] = "log log-format log-level root criu rootless cgroup-manager";

/* runc/crun actions, the options of each that take a value, and whether an ID follows. */
static const struct oci_action {
	const char *name;
	const char *vopts; /* long names and single letters */
	int has_id;
} oci_actions[] = {
    {"checkpoint",
     "image-path work-path parent-path page-server manage-cgroups-mode empty-ns status-fd", 1},
    {"create", "bundle b console-socket pid-file preserve-fds config f", 1},
    {"delete", "", 1},
    {"events", "interval", 1},
    {"exec",
     "console-socket cwd env e user u additional-gids g process p pid-file process-label "
     "apparmor cap c preserve-fds cgroup",
     1},
    {"kill", "", 1},
    {"list", "format f", 0},
    {"pause", "", 1},
    {"ps", "format f", 1},
    {"restore",
     "console-socket image-path work-path manage-cgroups-mode bundle b pid-file empty-ns "
     "lsm-profile lsm-mount-context",
     1},
    {"resume", "", 1},
    {"run", "bundle b console-socket pid-file preserve-fds config f", 1},
    {"spec", "bundle b", 0},
    {"start", "", 1},
    {"state", "", 1},
    {"update",
     "resources r blkio-weight cpu-period cpu-quota cpu-share cpu-rt-period cpu-rt-runtime "
     "cpuset-cpus cpuset-mems kernel-memory kernel-memory-tcp memory memory-reservation "
     "memory-swap pids-limit l3-cache-schema mem-bw-schema",
     1},
    {"features", "", 0},
    {"init", "", 0},
    {"help", "", 0},
    {"h", "", 0},
};

/* 1 when word (n bytes) is in the space-separated list. */
static int
in_words(const char *list, const char *word, size_t n)
{
	const char *p = list;

	while (*p != '\0') {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && memcmp(p, word, n) == 0)
			return 1;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

/* Set *field to a copy of s (n bytes), replacing an earlier value. */
static void
set_last(char **field, const char *s, size_t n)
{
	free(*field);
	*field = podman_memdup(s, n);
}

/* Set out's internal fields. */
static void
set_internal(struct runtime_cmd *out, enum podman_internal why)
{
	out->internal = why;
	out->internal_reason = podman_internal_name(why);
}

/* Apply conmon option name (n bytes) with value v (NULL for none). */
static void
conmon_option(struct runtime_cmd *out, const char *name, size_t n, const struct podman_str *v,
	      int *exec, int *restore, int *version)
{
	if (podman_str_eq(name, n, "version"))
		*version = 1;
	else if (podman_str_eq(name, n, "exec"))
		*exec = 1;
	else if (v == NULL)
		return;
	else if (podman_str_eq(name, n, "restore"))
		*restore = 1;
	else if (podman_str_eq(name, n, "cid"))
		set_last(&out->container_id, v->p, v->n);
	else if (podman_str_eq(name, n, "name"))
		set_last(&out->container_name, v->p, v->n);
	else if (podman_str_eq(name, n, "cuuid"))
		set_last(&out->exec_id, v->p, v->n);
	else if (podman_str_eq(name, n, "runtime"))
		set_last(&out->oci_runtime, v->p, v->n);
}

/* Look up a conmon short option letter: its long name and whether it takes a value. */
static const char *
conmon_short(char c, int *takes)
{
	for (size_t i = 0; i < sizeof(conmon_vshort) / sizeof(conmon_vshort[0]); i++) {
		if (conmon_vshort[i].c == c) {
			*takes = 1;
			return conmon_vshort[i].name;
		}
	}
	for (size_t i = 0; i < sizeof(conmon_bshort) / sizeof(conmon_bshort[0]); i++) {
		if (conmon_bshort[i].c == c) {
			*takes = 0;
			return conmon_bshort[i].name;
		}
	}
	*takes = 0;
	return NULL;
}

/* Parse a conmon command line (args[1..]) into out. */
static void
conmon_parse(const struct podman_str *args, size_t argc, struct runtime_cmd *out)
{
	int exec = 0, restore = 0, version = 0;
	size_t i = 1;

	while (i < argc) {
		const char *a = args[i].p;
		size_t n = args[i].n;

		i++;
		if (n < 2 || a[0] != '-')
			continue; /* GLib leaves operands in place */
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq;
			size_t nlen;

			if (n == 2)
				break; /* "--" */
			eq = memchr(name, '=', n - 2);
			nlen = eq ? (size_t)(eq - name) : n - 2;
			if (eq != NULL) {
				struct podman_str v = {eq + 1, n - 2 - nlen - 1};

				conmon_option(out, name, nlen, &v, &exec, &restore, &version);
			} else if (in_words(conmon_vlong, name, nlen) && i < argc) {
				conmon_option(out, name, nlen, &args[i], &exec, &restore, &version);
				i++;
			} else {
				conmon_option(out, name, nlen, NULL, &exec, &restore, &version);
			}
			continue;
		}
		for (size_t j = 1; j < n; j++) {
			int takes;
			const char *name = conmon_short(a[j], &takes);

			if (name == NULL)
				continue;
			if (!takes) {
				conmon_option(out, name, strlen(name), NULL, &exec, &restore,
					      &version);
				continue;
			}
			if (j + 1 < n) {
				struct podman_str v = {a + j + 1, n - j - 1};

				if (v.p[0] == '=') {
					v.p++;
					v.n--;
				}
				conmon_option(out, name, strlen(name), &v, &exec, &restore,
					      &version);
			} else if (i < argc) {
				conmon_option(out, name, strlen(name), &args[i], &exec, &restore,
					      &version);
				i++;
			}
			break;
		}
	}
	if (version) {
		out->action = podman_memdup("version", 7);
		set_internal(out, PODMAN_INTERNAL_VERSION_PROBE);
	} else if (exec) {
		out->action = podman_memdup("exec", 4);
	} else if (restore) {
		out->action = podman_memdup("restore", 7);
	} else if (out->container_id != NULL) {
		out->action = podman_memdup("create", 6);
	}
	if (!exec) {
		free(out->exec_id);
		out->exec_id = NULL;
	}
}

/*
 * Split an OCI runtime option argument a (n bytes, starting with '-') into
 * its name (without dashes) and, after '=', its value. Go's flag package
 * accepts "-name" as well as "--name".
 */
static void
oci_split(const char *a, size_t n, struct podman_str *name, struct podman_str *val, int *has_val)
{
	const char *eq;
	size_t skip = (n >= 2 && a[1] == '-') ? 2 : 1;

	name->p = a + skip;
	name->n = n - skip;
	eq = memchr(name->p, '=', name->n);
	*has_val = eq != NULL;
	if (eq != NULL) {
		val->p = eq + 1;
		val->n = name->n - (size_t)(eq - name->p) - 1;
		name->n = (size_t)(eq - name->p);
	}
}

/* Parse a runc/crun command line (args[1..]) into out. */
static void
oci_parse(const struct podman_str *args, size_t argc, struct runtime_cmd *out)
{
	const struct oci_action *act = NULL;
	size_t i = 1;

	/* global options, up to the action */
	while (i < argc) {
		const char *a = args[i].p;
		size_t n = args[i].n;
		struct podman_str name, val;
		int has_val;

		if (n < 2 || a[0] != '-')
			break;
		i++;
		if (n == 2 && a[1] == '-')
			break;
		oci_split(a, n, &name, &val, &has_val);
		if (podman_str_eq(name.p, name.n, "version") ||
		    podman_str_eq(name.p, name.n, "v") || podman_str_eq(name.p, name.n, "V")) {
			out->action = podman_memdup("version", 7);
			set_internal(out, PODMAN_INTERNAL_VERSION_PROBE);
			return;
		}
		if (podman_str_eq(name.p, name.n, "help") || podman_str_eq(name.p, name.n, "h") ||
		    podman_str_eq(name.p, name.n, "?")) {
			out->action = podman_memdup("help", 4);
			return;
		}
		if (!has_val && in_words(oci_global_vlong, name.p, name.n) && i < argc)
			i++;
	}
	if (i >= argc)
		return;
	out->action = podman_memdup(args[i].p, args[i].n);
	for (size_t k = 0; k < sizeof(oci_actions) / sizeof(oci_actions[0]); k++)
		if (podman_str_eq(args[i].p, args[i].n, oci_actions[k].name))
			act = &oci_actions[k];
	i++;
	if (act != NULL && strcmp(act->name, "init") == 0)
		set_internal(out, PODMAN_INTERNAL_RUNTIME_INIT);
	if (act != NULL && !act->has_id)
		return;
	/* the action's options, up to the first operand: the container ID */
	while (i < argc) {
		const char *a = args[i].p;
		size_t n = args[i].n;
		struct podman_str name, val;
		int has_val;

		i++;
		if (n < 2 || a[0] != '-') {
			out->container_id = podman_memdup(a, n);
			return;
		}
		if (n == 2 && a[1] == '-') {
			if (i < argc)
				out->container_id = podman_memdup(args[i].p, args[i].n);
			return;
		}
		oci_split(a, n, &name, &val, &has_val);
		if (!has_val && act != NULL && in_words(act->vopts, name.p, name.n) && i < argc)
			i++;
	}
}

/* Analyse a runtime command line; see podman_args.h. */
int
runtime_analyze(const char *const *argv, const size_t *lens, size_t argc,
		const struct podman_ctx *ctx, struct runtime_cmd *out, char *err, size_t errlen)
{
	static const char *const known[] = {"runc", "crun", "conmon"};
	struct podman_str *args;
	struct podman_str prog = {NULL, 0};

	if (out == NULL) {
		podman_set_err(err, errlen, "out is NULL");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	if (podman_args_slices(argv, lens, argc, &args, err, errlen) != 0)
		return -1;
	for (int pass = 0; pass < 3 && prog.p == NULL; pass++) {
		struct podman_str cand = {NULL, 0};

		if (pass == 0 && argc > 0)
			podman_basename(args[0].p, args[0].n, &cand);
		else if (pass == 1 && ctx != NULL && ctx->exe != NULL)
			podman_basename(ctx->exe, strlen(ctx->exe), &cand);
		else if (pass == 2 && ctx != NULL && ctx->comm != NULL)
			cand = (struct podman_str){ctx->comm, strlen(ctx->comm)};
		for (size_t k = 0; cand.p != NULL && k < sizeof(known) / sizeof(known[0]); k++)
			if (podman_str_eq(cand.p, cand.n, known[k]))
				prog = cand;
	}
	if (prog.p == NULL && argc > 0)
		podman_basename(args[0].p, args[0].n, &prog);
	if (prog.p != NULL)
		out->runtime = podman_memdup(prog.p, prog.n);
	if (prog.p != NULL && podman_str_eq(prog.p, prog.n, "conmon"))
		conmon_parse(args, argc, out);
	else
		oci_parse(args, argc, out);
	free(args);
	return 0;
}

/* Release a runtime_cmd; see podman_args.h. */
void
runtime_cmd_free(struct runtime_cmd *cmd)
{
	if (cmd == NULL)
		return;
	free(cmd->runtime);
	free(cmd->action);
	free(cmd->container_id);
	free(cmd->container_name);
	free(cmd->exec_id);
	free(cmd->oci_runtime);
	memset(cmd, 0, sizeof(*cmd));
}
