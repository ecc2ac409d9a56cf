/*
 * config_node.c: libyaml's event stream turned into a tree of nodes that
 * remember where they were written.
 */
#include "rules/config_node.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 32
#define MAX_NODES 100000

struct config_node {
	enum config_node_kind kind;
	char *scalar; /* CONFIG_NODE_SCALAR */
	size_t count; /* items (and keys for a mapping) */
	size_t cap;
	struct config_node **keys;  /* CONFIG_NODE_MAPPING: scalar key nodes */
	struct config_node **items; /* sequence items or mapping values */
	unsigned line, column;	    /* 1-based */
};

struct builder {
	yaml_parser_t parser;
	const char *name;
	size_t nodes;
	char *err;
	size_t errlen;
};

/* Write "NAME:LINE:COL: message" into the builder's error buffer. */
static void __attribute__((format(printf, 4, 5)))
fail_at(struct builder *b, unsigned line, unsigned column, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(b->err, b->errlen, "%s:%u:%u: %s", b->name, line, column, msg);
}

/* Convert a libyaml mark (0-based) to a 1-based line or column. */
static unsigned
mark_pos(size_t v)
{
	return v >= 0xfffffffeu ? 0xffffffffu : (unsigned)v + 1;
}

/*
 * Read the next event into ev. Returns 0, or -1 with the parser's problem
 * (and its position) in the error buffer; ev then needs no deletion.
 */
static int
next_event(struct builder *b, yaml_event_t *ev)
{
	yaml_parser_t *p = &b->parser;

	if (yaml_parser_parse(p, ev))
		return 0;
	if (p->error == YAML_MEMORY_ERROR) {
		snprintf(b->err, b->errlen, "%s: out of memory", b->name);
	} else if (p->error == YAML_READER_ERROR) {
		snprintf(b->err, b->errlen, "%s: byte offset %zu: %s", b->name, p->problem_offset,
			 p->problem != NULL ? p->problem : "cannot read");
	} else {
		fail_at(b, mark_pos(p->problem_mark.line), mark_pos(p->problem_mark.column),
			"%s%s%s", p->problem != NULL ? p->problem : "syntax error",
			p->context != NULL ? " " : "", p->context != NULL ? p->context : "");
	}
	return -1;
}

/* Allocate a node of kind at the event's start position; NULL when out of memory. */
static struct config_node *
node_new(struct builder *b, enum config_node_kind kind, const yaml_event_t *ev)
{
	struct config_node *n;

	if (++b->nodes > MAX_NODES) {
		fail_at(b, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
			"more than %d nodes", MAX_NODES);
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL) {
		snprintf(b->err, b->errlen, "%s: out of memory", b->name);
		return NULL;
	}
	n->kind = kind;
	n->line = mark_pos(ev->start_mark.line);
	n->column = mark_pos(ev->start_mark.column);
	return n;
}

/* Append item (and, for mappings, key) to n. Returns 0, or -1 when out of memory. */
static int
node_append(struct builder *b, struct config_node *n, struct config_node *key,
	    struct config_node *item)
{
	if (n->count == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 4;
		struct config_node **items = realloc(n->items, cap * sizeof(*items));
		if (items == NULL)
			goto oom;
		n->items = items;
		if (n->kind == CONFIG_NODE_MAPPING) {
			struct config_node **keys = realloc(n->keys, cap * sizeof(*keys));
			if (keys == NULL)
				goto oom;
			n->keys = keys;
		}
		n->cap = cap;
	}
	if (n->kind == CONFIG_NODE_MAPPING)
		n->keys[n->count] = key;
	n->items[n->count++] = item;
	return 0;
oom:
	snprintf(b->err, b->errlen, "%s: out of memory", b->name);
	return -1;
}

/* Build a scalar node from a SCALAR event. Returns NULL with a message on error. */
static struct config_node *
build_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct config_node *n;

	if (memchr(v, '\0', len) != NULL) {
		fail_at(b, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
			"a NUL character is not allowed here");
		return NULL;
	}
	n = node_new(b, CONFIG_NODE_SCALAR, ev);
	if (n == NULL)
		return NULL;
	n->scalar = strndup(v, len);
	if (n->scalar == NULL) {
		snprintf(b->err, b->errlen, "%s: out of memory", b->name);
		config_node_free(n);
		return NULL;
	}
	return n;
}

static struct config_node *build_node(struct builder *b, yaml_event_t *ev, int depth);

/*
 * Build a sequence or mapping whose START event is ev, reading events up to
 * its END. Returns NULL with a message on error.
 */
static struct config_node *
build_collection(struct builder *b, yaml_event_t *ev, int depth)
{
	int mapping = ev->type == YAML_MAPPING_START_EVENT;
	yaml_event_type_t end = mapping ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	struct config_node *n, *key = NULL, *item;
	yaml_event_t sub;

	if (depth >= MAX_DEPTH) {
		fail_at(b, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
			"nested deeper than %d levels", MAX_DEPTH);
		return NULL;
	}
	n = node_new(b, mapping ? CONFIG_NODE_MAPPING : CONFIG_NODE_SEQUENCE, ev);
	if (n == NULL)
		return NULL;
	for (;;) {
		if (next_event(b, &sub) < 0)
			goto fail;
		if (sub.type == end) {
			yaml_event_delete(&sub);
			return n;
		}
		if (mapping) {
			if (sub.type != YAML_SCALAR_EVENT) {
				fail_at(b, mark_pos(sub.start_mark.line),
					mark_pos(sub.start_mark.column),
					"a mapping key must be a plain string");
				yaml_event_delete(&sub);
				goto fail;
			}
			key = build_scalar(b, &sub);
			yaml_event_delete(&sub);
			if (key == NULL)
				goto fail;
			if (config_node_get(n, key->scalar) != NULL) {
				fail_at(b, key->line, key->column, "duplicate key '%s'",
					key->scalar);
				goto fail;
			}
			if (next_event(b, &sub) < 0)
				goto fail;
		}
		item = build_node(b, &sub, depth + 1);
		yaml_event_delete(&sub);
		if (item == NULL)
			goto fail;
		if (node_append(b, n, key, item) < 0) {
			config_node_free(item);
			goto fail;
		}
		key = NULL;
	}
fail:
	config_node_free(key);
	config_node_free(n);
	return NULL;
}

/*
 * Build the node that starts with event ev (which the caller deletes).
 * Returns NULL with a message on error.
 */
static struct config_node *
build_node(struct builder *b, yaml_event_t *ev, int depth)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return build_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return build_collection(b, ev, depth);
	case YAML_ALIAS_EVENT:
		fail_at(b, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
			"YAML aliases are not supported");
		return NULL;
	default:
		fail_at(b, mark_pos(ev->start_mark.line), mark_pos(ev->start_mark.column),
			"unexpected YAML event");
		return NULL;
	}
}

/*
 * Read the stream: at most one document. Returns 0 with *out set (NULL for
 * an empty stream or document), or -1 with a message.
 */
static int
build_stream(struct builder *b, struct config_node **out)
{
	struct config_node *root = NULL;
	yaml_event_t ev;
	int seen_doc = 0;

	for (;;) {
		if (next_event(b, &ev) < 0)
			goto fail;
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			yaml_event_delete(&ev);
			*out = root;
			return 0;
		case YAML_DOCUMENT_START_EVENT:
			if (seen_doc) {
				fail_at(b, mark_pos(ev.start_mark.line),
					mark_pos(ev.start_mark.column),
					"only one YAML document is allowed");
				yaml_event_delete(&ev);
				goto fail;
			}
			seen_doc = 1;
			break;
		default:
			root = build_node(b, &ev, 0);
			if (root == NULL) {
				yaml_event_delete(&ev);
				goto fail;
			}
			/* "---" alone is an empty plain scalar: an empty document. */
			if (ev.type == YAML_SCALAR_EVENT && root->scalar[0] == '\0' &&
			    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
				config_node_free(root);
				root = NULL;
			}
			break;
		}
		yaml_event_delete(&ev);
	}
fail:
	config_node_free(root);
	return -1;
}

/* Parse YAML text into a tree; see config_node.h. */
int
config_node_parse(const char *name, const char *text, size_t len, struct config_node **out,
		  char *err, size_t errlen)
{
	struct builder b;
	int rc;

	assert(name != NULL && text != NULL && out != NULL && err != NULL && errlen > 0);
	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.name = name;
	b.err = err;
	b.errlen = errlen;
	if (!yaml_parser_initialize(&b.parser)) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	rc = build_stream(&b, out);
	yaml_parser_delete(&b.parser);
	return rc;
}

/* Free a node and everything below it; accepts NULL. */
void
config_node_free(struct config_node *node)
{
	if (node == NULL)
		return;
	for (size_t i = 0; i < node->count; i++) {
		if (node->keys != NULL)
			config_node_free(node->keys[i]);
		config_node_free(node->items[i]);
	}
	free(node->keys);
	free(node->items);
	free(node->scalar);
	free(node);
}

/* The node's kind. */
enum config_node_kind
config_node_kind(const struct config_node *node)
{
	return node->kind;
}

/* A scalar's text, NULL for collections; owned by the tree. */
const char *
config_node_scalar(const struct config_node *node)
{
	return node->kind == CONFIG_NODE_SCALAR ? node->scalar : NULL;
}

/* Number of items or pairs. */
size_t
config_node_count(const struct config_node *node)
{
	return node->count;
}

/* Item i of a sequence or value i of a mapping; i must be in range. */
const struct config_node *
config_node_item(const struct config_node *node, size_t i)
{
	assert(i < node->count);
	return node->items[i];
}

/* Key i of a mapping, NULL for other kinds; i must be in range. */
const struct config_node *
config_node_key(const struct config_node *node, size_t i)
{
	assert(i < node->count);
	return node->kind == CONFIG_NODE_MAPPING ? node->keys[i] : NULL;
}

/* Linear lookup of key in a mapping; NULL when absent or not a mapping. */
const struct config_node *
config_node_get(const struct config_node *node, const char *key)
{
	if (node == NULL || node->kind != CONFIG_NODE_MAPPING)
		return NULL;
	for (size_t i = 0; i < node->count; i++)
		if (strcmp(node->keys[i]->scalar, key) == 0)
			return node->items[i];
	return NULL;
}

/* 1-based line of the node. */
unsigned
config_node_line(const struct config_node *node)
{
	return node->line;
}

/* 1-based column of the node. */
unsigned
config_node_column(const struct config_node *node)
{
	return node->column;
}
