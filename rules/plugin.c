/*
 * plugin.c: text of the auditd plugin configuration.
 */
#include "rules/plugin.h"

/* Render the plugin file for exe; see plugin.h. */
void
rules_plugin_render(const char *exe, struct strbuf *out)
{
	strbuf_puts(out, "# podaudit: live ingestion of audit events.\n"
			 "# auditd starts `podaudit ingest -` and writes every event to its "
			 "standard input.\n"
			 "# Installed by `podaudit rules install --plugin`; see docs/rules.md.\n"
			 "active = yes\n"
			 "direction = out\n");
	strbuf_printf(out, "path = %s\n", exe);
	strbuf_puts(out, "type = always\n"
			 "args = ingest -\n"
			 "format = string\n");
}
