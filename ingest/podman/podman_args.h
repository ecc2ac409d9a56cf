/*
 * podman_args.h: what a podman, conmon or OCI runtime (runc, crun) command
 * line means (issue 3).
 *
 * Pure analysis: no I/O, no global state, no SQLite, no auparse. The input is
 * an argv as the kernel saw it (byte strings; any byte but NUL, so newlines
 * and invalid UTF-8 included) plus the process context from the SYSCALL
 * record; the output is a plain struct of heap strings that keep the bytes of
 * the arguments exactly.
 *
 * docs/podman-meaning.md describes the vocabulary (subcommand normalisation,
 * risk findings, internal reasons, modes) for users of the database.
 *
 * Memory: allocation failure aborts the process, as in util/strbuf.h.
 */
#ifndef PODAUDIT_PODMAN_ARGS_H
#define PODAUDIT_PODMAN_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* The auid of a process with no login session (audit's "unset"). */
#define PODMAN_AUID_UNSET 4294967295LL

/* Who ran the command, from uid and auid (see podman_mode()). */
enum podman_mode {
	PODMAN_MODE_SUDO,	     /* uid 0, auid a person (not 0, not unset) */
	PODMAN_MODE_ROOTLESS,	     /* uid == auid, not 0 */
	PODMAN_MODE_ROOT_NO_SESSION, /* uid 0, auid unset: services, cron, boot */
	PODMAN_MODE_OTHER,	     /* anything else (root login auid 0, sudo -u, ...) */
};

/*
 * Why an execution is podman (or a runtime) acting for itself rather than a
 * person's command. PODMAN_INTERNAL_NONE is 0, so the enum can be used as a
 * truth value.
 */
enum podman_internal {
	PODMAN_INTERNAL_NONE = 0,
	PODMAN_INTERNAL_CONMON_CLEANUP,	 /* "conmon-cleanup": conmon's exit command */
	PODMAN_INTERNAL_ROOTLESS_REEXEC, /* "rootless-reexec": set by the caller, see
					    podman_is_reexec() */
	PODMAN_INTERNAL_PAUSE,		 /* "pause-process": rootless pause process */
	PODMAN_INTERNAL_HELPER, /* "helper": storage-applyLayer, buildah-copier, comm "exe" */
	PODMAN_INTERNAL_VERSION_PROBE, /* "version-probe": conmon/runc/crun --version */
	PODMAN_INTERNAL_RUNTIME_INIT,  /* "runtime-init": runc init inside a new container */
	PODMAN_INTERNAL_HEALTHCHECK,   /* "healthcheck-timer": healthcheck run with no session */
};

/* Risk findings, in vocabulary order (the order podman_cmd.risks follows). */
enum podman_risk {
	PODMAN_RISK_PRIVILEGED,
	PODMAN_RISK_CAP_ADD, /* "cap_add:<CAP>" */
	PODMAN_RISK_HOST_PID,
	PODMAN_RISK_HOST_NETWORK,
	PODMAN_RISK_HOST_IPC,
	PODMAN_RISK_HOST_UTS,
	PODMAN_RISK_HOST_USERNS,
	PODMAN_RISK_SECCOMP_UNCONFINED,
	PODMAN_RISK_APPARMOR_UNCONFINED,
	PODMAN_RISK_LABEL_DISABLE,
	PODMAN_RISK_HOST_MOUNT, /* "host_mount:<source>" */
	PODMAN_RISK_RUNTIME_SOCKET_MOUNT,
	PODMAN_RISK_DEVICE, /* "device:<path>" */
	PODMAN_RISK_EXEC_PRIVILEGED,
	PODMAN_RISK_COUNT
};

/* Process context of one execve, from the SYSCALL record. */
struct podman_ctx {
	const char *exe;  /* exe= path, or NULL when unknown */
	const char *comm; /* comm=, or NULL when unknown */
	int64_t uid;	  /* -1 when unknown */
	int64_t auid;	  /* PODMAN_AUID_UNSET or -1 when unset */
	int64_t pid;	  /* -1 when unknown */
	int64_t ppid;	  /* -1 when unknown */
};

/*
 * The meaning of one podman execution. A plain struct filled by
 * podman_analyze() and released with podman_cmd_free(). Every char * is a
 * NUL-terminated heap copy (arguments never contain NUL) or NULL; strings
 * taken from argv keep its bytes exactly.
 */
struct podman_cmd {
	/*
	 * Normalised subcommand: for container and image commands the one-word
	 * top-level name ("run", "ps", "images", "rmi", "exec", ...), for the
	 * other groups the verb within the group ("create" for "volume
	 * create"), for three-level commands the two last words ("connection
	 * add"). An unknown word is kept as typed (known = 0). NULL when there
	 * is no subcommand (bare "podman", helpers, the pause process).
	 */
	char *subcommand;
	/*
	 * What the command is about: "container", "image", "pod", "volume",
	 * "network", "system", "kube", "generate", "healthcheck", "machine",
	 * "manifest", "secret", or NULL (inspect, diff, version, login, ...).
	 * object_typed is 1 when the two-word form was typed ("podman container
	 * run"), 0 when implied ("podman run").
	 */
	char *object;
	int object_typed;
	int known; /* 1 when subcommand is one podman knows */
	/*
	 * 1 when the command asks for help ("--help" anywhere podman reads
	 * options, "podman help ..."): podman only prints usage, so no
	 * targets, risks, command_index or internal reason are derived.
	 */
	int help;

	/* First target of each kind, NULL when none (see docs for which operand). */
	char *container; /* exec/logs/stop/rm/...: operand; run/create: --name */
	char *image;	 /* run/create/pull/push/rmi/...: operand; build: first --tag */
	char *pod;	 /* pod commands; run/create --pod */
	char *volume;	 /* volume commands; run/create: first named volume */
	char *network;	 /* network commands */
	/* All operands naming the command's main target kind, in argv order. */
	char **targets;
	size_t ntargets;

	/*
	 * Risk findings: "privileged", "cap_add:SYS_ADMIN", "host_mount:/srv",
	 * ..., in vocabulary order (enum podman_risk), duplicates removed,
	 * argv order within one kind. risk_mask has bit (1u << enum
	 * podman_risk) set for every kind present. Serialise with
	 * podman_risks_json(): a host path may contain commas, so there is
	 * deliberately no comma-joined form.
	 */
	char **risks;
	size_t nrisks;
	unsigned risk_mask;

	/* Index in argv of the container's command (run/create/exec), 0 when none. */
	size_t command_index;

	enum podman_mode mode;
	enum podman_internal internal;
	const char *internal_reason; /* static string, NULL when not internal */
};

/*
 * The meaning of one conmon, runc or crun execution; filled by
 * runtime_analyze(), released with runtime_cmd_free(). Strings as in
 * struct podman_cmd.
 */
struct runtime_cmd {
	char *runtime;	      /* "runc", "crun", "conmon", or the base name of argv[0] */
	char *action;	      /* runc/crun: create start exec kill delete state run init
				 pause resume ps events update checkpoint restore list spec
				 features version...; conmon: create, exec, restore, version */
	char *container_id;   /* runc/crun: first operand after the action; conmon: --cid */
	char *container_name; /* conmon --name */
	char *exec_id;	      /* conmon --cuuid of an exec session (--exec) */
	char *oci_runtime;    /* conmon --runtime: path of the OCI runtime */
	enum podman_internal internal;
	const char *internal_reason;
};

/*
 * Analyse one podman execution: argv[0..argc-1] (lens[i] bytes each; lens may
 * be NULL to use strlen) in the process context ctx (may be NULL when
 * unknown). Fills *out, which the caller releases with podman_cmd_free().
 * Returns 0 on success, including for command lines podman itself would
 * reject (an unknown option is taken as a boolean, an unknown subcommand is
 * kept as typed). Returns -1 with a message in err (errlen bytes, may be 0)
 * when argv is NULL with argc > 0, an argument is NULL or contains a NUL
 * byte, or out is NULL; *out is then zeroed.
 */
int podman_analyze(const char *const *argv, const size_t *lens, size_t argc,
		   const struct podman_ctx *ctx, struct podman_cmd *out, char *err, size_t errlen);

/* Release what *cmd holds and zero it; accepts NULL and a zeroed struct. */
void podman_cmd_free(struct podman_cmd *cmd);

/*
 * Analyse one conmon, runc or crun execution, like podman_analyze() (same
 * arguments, same errors). The program is recognised by the base name of
 * argv[0], else of ctx->exe, else ctx->comm; an unknown one is parsed as runc.
 */
int runtime_analyze(const char *const *argv, const size_t *lens, size_t argc,
		    const struct podman_ctx *ctx, struct runtime_cmd *out, char *err,
		    size_t errlen);

/* Release what *cmd holds and zero it; accepts NULL and a zeroed struct. */
void runtime_cmd_free(struct runtime_cmd *cmd);

/* Classify uid/auid (auid PODMAN_AUID_UNSET or -1 means unset). Never fails. */
enum podman_mode podman_mode(int64_t uid, int64_t auid);

/* "sudo", "rootless", "root-no-session", "other"; static, never NULL. */
const char *podman_mode_name(enum podman_mode mode);

/* "conmon-cleanup", "pause-process", ...; static; NULL for NONE or unknown values. */
const char *podman_internal_name(enum podman_internal why);

/* "privileged", "cap_add", "host_mount", ...; static; NULL when out of range. */
const char *podman_risk_name(enum podman_risk risk);

/*
 * 1 when the two argv hold the same arguments from argv[1] on (argv[0] is
 * not compared: "podman" and "/usr/bin/podman" name the same program), byte
 * for byte; 0 otherwise. lens arrays may be NULL (strlen).
 */
int podman_same_args(const char *const *a, const size_t *alens, size_t ac, const char *const *b,
		     const size_t *blens, size_t bc);

/*
 * 1 when child is rootless podman re-executing itself in its user
 * namespace: child's parent is parent (child->ppid == parent->pid), both run
 * podman as the same uid (not 0) and auid, with the same arguments. The
 * caller then marks the child PODMAN_INTERNAL_ROOTLESS_REEXEC so that the
 * command a person typed once counts once. 0 otherwise, or when a pid is
 * unknown.
 */
int podman_is_reexec(const struct podman_ctx *child, const char *const *cargv, const size_t *clens,
		     size_t cargc, const struct podman_ctx *parent, const char *const *pargv,
		     const size_t *plens, size_t pargc);

/* 1 when argv is podman's "container cleanup" (conmon's exit command), else 0. */
int podman_is_cleanup(const char *const *argv, const size_t *lens, size_t argc);

/* 1 for the rootless pause process: argc 1 and parent pid 1; else 0. ctx may be NULL. */
int podman_is_pause(size_t argc, const struct podman_ctx *ctx);

/*
 * 1 for a podman helper re-executed under another name: argv[0]'s base name
 * is not podman (nor podman-remote or docker), e.g. storage-applyLayer,
 * storage-untar, buildah-copier; or ctx->comm is "exe" (run from
 * /proc/self/exe). argv0 may be NULL (then only comm decides). Else 0.
 */
int podman_is_helper(const char *argv0, size_t len, const struct podman_ctx *ctx);

/*
 * Append cmd's risks to sb as a JSON array of strings ("[]" when none);
 * bytes that are not UTF-8 are written as \udc80-\udcff (util/json.h).
 */
void podman_risks_json(const struct podman_cmd *cmd, struct strbuf *sb);

/* Append cmd's targets to sb as a JSON array of strings, like podman_risks_json(). */
void podman_targets_json(const struct podman_cmd *cmd, struct strbuf *sb);

#endif
