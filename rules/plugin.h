/*
 * plugin.h: the auditd plugin file that feeds podaudit's ingest live.
 *
 * auditd reads the .conf files of /etc/audit/plugins.d at start and on SIGHUP; with this
 * file it starts `podaudit ingest -` and writes every event to its standard
 * input, in the same text format as the audit log.
 */
#ifndef PODAUDIT_RULES_PLUGIN_H
#define PODAUDIT_RULES_PLUGIN_H

#include "util/strbuf.h"

/* Where `rules install --plugin` points auditd when not told otherwise. */
#ifndef PODAUDIT_DEFAULT_EXE
#define PODAUDIT_DEFAULT_EXE "/usr/bin/podaudit"
#endif

/*
 * Append the plugin file for the podaudit executable at exe (an absolute
 * path without blanks; the caller checks) to out. rules/podaudit-plugin.conf
 * is this text for /usr/bin/podaudit.
 */
void rules_plugin_render(const char *exe, struct strbuf *out);

#endif
