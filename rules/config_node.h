/*
 * config_node.h: a parsed YAML document as a small read-only tree.
 *
 * podaudit's configuration is read in two steps: libyaml's event stream is
 * turned into this tree (keeping the line and column of every node), then
 * config.c interprets the sections it knows. Sections read by other commands
 * (forward) stay available as trees through config_section(), so those
 * commands can report "FILE:LINE:COL: message" errors of their own.
 *
 * Scalars are kept as the strings written in the file (no type guessing:
 * "yes", "1" and "~" are all strings); YAML aliases and anchors are refused.
 */
#ifndef PODAUDIT_CONFIG_NODE_H
#define PODAUDIT_CONFIG_NODE_H

#include <stddef.h>

enum config_node_kind {
	CONFIG_NODE_SCALAR,
	CONFIG_NODE_SEQUENCE,
	CONFIG_NODE_MAPPING,
};

struct config_node;

/*
 * Parse len bytes of YAML text; name is used only in error messages. On
 * success returns 0 and sets *out to the document's root node, or to NULL for
 * an empty document; free it with config_node_free(). On error returns -1,
 * sets *out to NULL and writes "NAME:LINE:COL: message" into err (errlen
 * bytes, always NUL-terminated). Nesting deeper than 32 levels, more than
 * 100000 nodes, aliases, several documents and duplicate mapping keys are
 * errors.
 */
int config_node_parse(const char *name, const char *text, size_t len, struct config_node **out,
		      char *err, size_t errlen);

/* Release a tree returned by config_node_parse(); accepts NULL. */
void config_node_free(struct config_node *node);

/* The node's kind. */
enum config_node_kind config_node_kind(const struct config_node *node);

/*
 * A scalar's text (NUL-terminated; a scalar holding a NUL byte is refused by
 * the parser), or NULL when the node is not a scalar. Owned by the tree.
 */
const char *config_node_scalar(const struct config_node *node);

/* Number of items of a sequence or pairs of a mapping; 0 for a scalar. */
size_t config_node_count(const struct config_node *node);

/* Item i of a sequence, or the value of pair i of a mapping. */
const struct config_node *config_node_item(const struct config_node *node, size_t i);

/* The key (always a scalar node) of pair i of a mapping; NULL for other kinds. */
const struct config_node *config_node_key(const struct config_node *node, size_t i);

/* The value stored under key in a mapping, or NULL (not a mapping, or no such key). */
const struct config_node *config_node_get(const struct config_node *node, const char *key);

/* 1-based line and column where the node starts in the file. */
unsigned config_node_line(const struct config_node *node);
unsigned config_node_column(const struct config_node *node);

#endif
