/*
 * rule.c: parsing an audit rule line into its canonical text.
 */
#include "rules/rule.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 256

/* A rule taken apart. */
struct parts {
	const char *watch;     /* -w PATH */
	const char *perm;      /* -p PERM */
	const char *list_spec; /* -a / -A LIST,ACTION */
	const char *keys[MAX_TOKENS];
	size_t nkeys;
	const char *arch[4]; /* -F arch=... tokens' values (with operator) */
	size_t narch;
	const char *syscalls[MAX_TOKENS];
	size_t nsyscalls;
	const char *fields[MAX_TOKENS]; /* "-F x=y" / "-C x=y" as "F:x=y" style pairs */
	char field_opt[MAX_TOKENS];
	size_t nfields;
};

/* Options that change the audit system's state rather than add a rule. */
static int
is_control(const char *opt)
{
	static const char *const control[] = {
	    "-D",
	    "-b",
	    "-e",
	    "-f",
	    "-r",
	    "-i",
	    "-c",
	    "-s",
	    "-l",
	    "-t",
	    "-q",
	    "-W",
	    "-d",
	    "--backlog_wait_time",
	    "--loginuid-immutable",
	    "--reset-lost",
	    "--signal",
	    "--reset_backlog_wait_time_actual",
	    NULL,
	};
	for (size_t i = 0; control[i] != NULL; i++)
		if (strcmp(opt, control[i]) == 0)
			return 1;
	return 0;
}

/* Canonical permission text of p (r, w, x, a order), into buf[5]; -1 if invalid. */
static int
canonical_perm(const char *p, char buf[5])
{
	int have[4] = {0, 0, 0, 0};
	size_t n = 0;

	for (; *p != '\0'; p++) {
		const char *at = strchr("rwxa", tolower((unsigned char)*p));
		if (at == NULL)
			return -1;
		have[at - "rwxa"] = 1;
	}
	for (int i = 0; i < 4; i++)
		if (have[i])
			buf[n++] = "rwxa"[i];
	buf[n] = '\0';
	return n > 0 ? 0 : -1;
}

/* qsort comparison of C strings. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append path to out without trailing slashes (keeping "/" itself). */
static void
put_path(struct strbuf *out, const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	strbuf_add(out, path, n);
}

/*
 * Split an "x,y" list/action pair and write "ACTION,LIST". Returns 0, or -1
 * when it is not such a pair.
 */
static int
put_list_action(struct strbuf *out, const char *spec)
{
	static const char *const actions[] = {"always", "never", "possible", NULL};
	const char *comma = strchr(spec, ',');
	char a[32], b[32];
	size_t la;

	if (comma == NULL || strchr(comma + 1, ',') != NULL)
		return -1;
	la = (size_t)(comma - spec);
	if (la == 0 || la >= sizeof(a) || strlen(comma + 1) == 0 || strlen(comma + 1) >= sizeof(b))
		return -1;
	memcpy(a, spec, la);
	a[la] = '\0';
	strcpy(b, comma + 1);
	for (size_t i = 0; actions[i] != NULL; i++) {
		if (strcmp(a, actions[i]) == 0) {
			strbuf_printf(out, "-a %s,%s", a, b);
			return 0;
		}
		if (strcmp(b, actions[i]) == 0) {
			strbuf_printf(out, "-a %s,%s", b, a);
			return 0;
		}
	}
	return -1;
}

/*
 * Is this -a rule really a watch (exit list, always, every syscall, only
 * path/dir, perm and key fields)? If so, set *path and *perm.
 */
static int
is_watch_rule(const struct parts *p, const char **path, const char **perm)
{
	const char *spec = p->list_spec;

	*path = NULL;
	*perm = NULL;
	if (strcmp(spec, "always,exit") != 0 && strcmp(spec, "exit,always") != 0)
		return 0;
	if (p->narch > 0)
		return 0;
	if (p->nsyscalls > 1 || (p->nsyscalls == 1 && strcmp(p->syscalls[0], "all") != 0))
		return 0;
	for (size_t i = 0; i < p->nfields; i++) {
		const char *f = p->fields[i];
		if (p->field_opt[i] != 'F')
			return 0;
		if (strncmp(f, "path=", 5) == 0 && *path == NULL)
			*path = f + 5;
		else if (strncmp(f, "dir=", 4) == 0 && *path == NULL)
			*path = f + 4;
		else if (strncmp(f, "perm=", 5) == 0 && *perm == NULL)
			*perm = f + 5;
		else
			return 0;
	}
	return *path != NULL && *perm != NULL;
}

/* Append " -k KEY" for every key. */
static void
put_watch_keys(struct strbuf *out, const struct parts *p)
{
	for (size_t i = 0; i < p->nkeys; i++)
		strbuf_printf(out, " -k %s", p->keys[i]);
}

/* Write the canonical text of a parsed rule. Returns 0, or -1 with a message. */
static int
put_rule(struct parts *p, struct strbuf *out, char *err, size_t errlen)
{
	const char *path, *perm;
	char pbuf[5];

	if (p->watch != NULL || (p->list_spec != NULL && is_watch_rule(p, &path, &perm))) {
		if (p->watch != NULL) {
			path = p->watch;
			perm = p->perm;
			if (p->list_spec != NULL || p->nsyscalls > 0 || p->nfields > 0 ||
			    p->narch > 0) {
				snprintf(err, errlen, "a watch (-w) takes only -p and -k");
				return -1;
			}
		}
		strbuf_puts(out, "-w ");
		put_path(out, path);
		if (perm != NULL) {
			if (canonical_perm(perm, pbuf) < 0) {
				snprintf(err, errlen, "'%s' is not a permission set (r, w, x, a)",
					 perm);
				return -1;
			}
			strbuf_printf(out, " -p %s", pbuf);
		}
		put_watch_keys(out, p);
		return 0;
	}
	if (p->list_spec == NULL) {
		snprintf(err, errlen, "neither a watch (-w) nor a rule (-a)");
		return -1;
	}
	if (p->perm != NULL) {
		snprintf(err, errlen, "-p needs a watch (-w)");
		return -1;
	}
	if (put_list_action(out, p->list_spec) < 0) {
		snprintf(err, errlen, "'%s' is not LIST,ACTION", p->list_spec);
		return -1;
	}
	for (size_t i = 0; i < p->narch; i++)
		strbuf_printf(out, " -F %s", p->arch[i]);
	if (p->nsyscalls > 0) {
		int all = 0;
		for (size_t i = 0; i < p->nsyscalls; i++)
			if (strcmp(p->syscalls[i], "all") == 0)
				all = 1;
		if (all) {
			strbuf_puts(out, " -S all");
		} else {
			qsort(p->syscalls, p->nsyscalls, sizeof(p->syscalls[0]), cmp_str);
			strbuf_puts(out, " -S ");
			for (size_t i = 0; i < p->nsyscalls; i++) {
				if (i > 0 && strcmp(p->syscalls[i], p->syscalls[i - 1]) == 0)
					continue;
				strbuf_printf(out, "%s%s", i > 0 ? "," : "", p->syscalls[i]);
			}
		}
	} else if (strstr(p->list_spec, "exit") != NULL) {
		strbuf_puts(out, " -S all");
	}
	for (size_t i = 0; i < p->nfields; i++)
		strbuf_printf(out, " -%c %s", p->field_opt[i], p->fields[i]);
	for (size_t i = 0; i < p->nkeys; i++)
		strbuf_printf(out, " -F key=%s", p->keys[i]);
	return 0;
}

/* Normalise a rule line; see rule.h. */
int
rules_rule_normalize(const char *line, struct strbuf *out, char *err, size_t errlen)
{
	struct parts *p;
	char *copy, *save = NULL, *tok;
	int rc = 1;

	strbuf_reset(out);
	copy = strdup(line);
	p = calloc(1, sizeof(*p));
	if (copy == NULL || p == NULL) {
		free(copy);
		free(p);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	copy[strcspn(copy, "\r\n")] = '\0';
	tok = strtok_r(copy, " \t", &save);
	if (tok == NULL || tok[0] == '#') {
		rc = 0;
		goto done;
	}
	for (; tok != NULL; tok = strtok_r(NULL, " \t", &save)) {
		const char *arg;

		if (is_control(tok)) {
			rc = 0;
			goto done;
		}
		if (strcmp(tok, "-w") != 0 && strcmp(tok, "-p") != 0 && strcmp(tok, "-k") != 0 &&
		    strcmp(tok, "-a") != 0 && strcmp(tok, "-A") != 0 && strcmp(tok, "-S") != 0 &&
		    strcmp(tok, "-F") != 0 && strcmp(tok, "-C") != 0) {
			snprintf(err, errlen, "unexpected '%s'", tok);
			rc = -1;
			goto done;
		}
		arg = strtok_r(NULL, " \t", &save);
		if (arg == NULL) {
			snprintf(err, errlen, "%s needs a value", tok);
			rc = -1;
			goto done;
		}
		if (p->nkeys >= MAX_TOKENS || p->nfields >= MAX_TOKENS ||
		    p->nsyscalls >= MAX_TOKENS) {
			snprintf(err, errlen, "too many options");
			rc = -1;
			goto done;
		}
		switch (tok[1]) {
		case 'w':
			p->watch = arg;
			break;
		case 'p':
			p->perm = arg;
			break;
		case 'k':
			p->keys[p->nkeys++] = arg;
			break;
		case 'a':
		case 'A':
			p->list_spec = arg;
			break;
		case 'S': {
			char *s2 = NULL, *sc;
			for (sc = strtok_r((char *)arg, ",", &s2); sc != NULL;
			     sc = strtok_r(NULL, ",", &s2)) {
				if (p->nsyscalls >= MAX_TOKENS)
					break;
				p->syscalls[p->nsyscalls++] = sc;
			}
			break;
		}
		case 'F':
			if (strncmp(arg, "key=", 4) == 0)
				p->keys[p->nkeys++] = arg + 4;
			else if (strncmp(arg, "arch", 4) == 0 && strchr("=!<>&", arg[4]) != NULL &&
				 p->narch < 4)
				p->arch[p->narch++] = arg;
			else {
				p->field_opt[p->nfields] = 'F';
				p->fields[p->nfields++] = arg;
			}
			break;
		case 'C':
			p->field_opt[p->nfields] = 'C';
			p->fields[p->nfields++] = arg;
			break;
		}
	}
	if (put_rule(p, out, err, errlen) < 0)
		rc = -1;
done:
	if (rc != 1)
		strbuf_reset(out);
	free(copy);
	free(p);
	return rc;
}

/* Does the canonical rule carry one of keys? */
int
rules_rule_has_key(const char *rule, const char *const *keys)
{
	char *copy = strdup(rule), *save = NULL, *tok;
	const char *prev = "";
	int hit = 0;

	if (copy == NULL)
		return 0;
	for (tok = strtok_r(copy, " ", &save); tok != NULL && !hit;
	     tok = strtok_r(NULL, " ", &save)) {
		const char *k = NULL;
		if (strcmp(prev, "-k") == 0)
			k = tok;
		else if (strcmp(prev, "-F") == 0 && strncmp(tok, "key=", 4) == 0)
			k = tok + 4;
		for (size_t i = 0; k != NULL && keys[i] != NULL; i++)
			if (strcmp(k, keys[i]) == 0)
				hit = 1;
		prev = tok;
	}
	free(copy);
	return hit;
}
