/*
 * config.h: the forward: section of podaudit's YAML configuration, one
 * mapping per target, keyed by the target's name:
 *
 *   forward:
 *     siem:
 *       to: tls://siem.example.org:6514
 *       format: ecs
 *       ca_file: /etc/podaudit/siem-ca.pem
 *       cert_file: /etc/podaudit/client.pem
 *       key_file: /etc/podaudit/client.key
 *
 * docs/configuration.md lists every setting.
 */
#ifndef PODAUDIT_FORWARD_CONFIG_H
#define PODAUDIT_FORWARD_CONFIG_H

#include <stddef.h>

#include "forward/forward.h"

struct config;

/* One configured target. Strings are owned by the configuration. */
struct forward_target_config {
	const char *name;
	const char *to;
	enum forward_format format;
	int have_format;
	struct forward_tls tls;
	int raw, have_raw;
	unsigned window;       /* 0 when not set */
	unsigned retry_max_ms; /* 0 when not set */
	unsigned max_retries;
	int have_max_retries;
};

/*
 * Check the whole forward: section of cfg and find target name in it (the
 * only target when name is NULL and there is exactly one). Sets *found to 1
 * and fills *out when there is such a target, else 0 (no section, no such
 * name, or several targets and no name). Returns 0, or -1 with
 * "FILE:LINE:COL: message" in err when the section is malformed.
 */
int forward_config_target(const struct config *cfg, const char *name,
			  struct forward_target_config *out, int *found, char *err, size_t errlen);

#endif
