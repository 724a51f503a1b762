/**
 * @file error.h
 * @brief Error codes, limits and the analysis context that carries them.
 *
 * Every library function returns RC_OK (0) or a negative rc_error_code and
 * leaves a one-line message in its context (rc_ctx_error()).
 */
#ifndef RC_ERROR_H
#define RC_ERROR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result of a library call. */
typedef enum {
  RC_OK = 0,
  RC_ERROR = -1,  /**< anything else: internal error      -> exit 4 */
  RC_ENOMEM = -2, /**< out of memory                      -> exit 4 */
  RC_EUSAGE = -3, /**< bad option or config file          -> exit 2 */
  RC_EINPUT = -4, /**< unreadable, not a solution, bad XML -> exit 3 */
  RC_ELIMIT = -5, /**< a configured limit was hit          -> exit 3 */
} rc_error_code;

/** Ceilings on everything that grows with the input. */
typedef struct {
  uint64_t max_entry_size;  /**< one uncompressed document (--max-entry-size) */
  uint64_t max_total_bytes; /**< all bytes read for one input (--max-total) */
  uint32_t max_ratio;       /**< zip entry compression ratio (--max-ratio) */
  uint32_t max_entries;     /**< entries in one zip (--max-entries) */
  uint32_t max_xml_depth;   /**< element nesting (--max-xml-depth) */
  uint32_t max_text_len;    /**< one attribute or text node (--max-text) */
  uint32_t max_roles;       /**< roles in one input (--max-roles) */
  uint32_t max_privileges;  /**< privileges in one role (--max-privileges) */
  uint32_t max_tables;      /**< tables in one input (--max-tables) */
  uint32_t max_files;       /**< files visited in a directory scan */
  /** 1: every byte of every XML document is parsed and checked
   * (--strict-xml); 0: what no rule reads (forms, views, ribbons, attribute
   * metadata, ...) is dropped before the parser, unchecked */
  uint32_t strict_xml;
} rc_limits;

/** Defaults: generous for real exports, bounded for hostile ones. */
#define RC_LIMITS_INIT                                                         \
  {                                                                            \
    UINT64_C(2) << 30, UINT64_C(8) << 30, 1000, 65536, 256, 16u << 20, 100000, \
        100000, 200000, 1000000, 0                                             \
  }

/** Analysis context: limits and the last error message. */
typedef struct rc_ctx rc_ctx;

/**
 * Create a context with RC_LIMITS_INIT.
 * @param[out] out the new context; free with rc_ctx_free().
 * @return RC_OK or RC_ENOMEM.
 */
int rc_ctx_new(rc_ctx **out);

/** Free a context. NULL-safe. */
void rc_ctx_free(rc_ctx *ctx);

/**
 * The message of the last failed call: one line, no trailing newline.
 * @return Borrowed; valid until the next call that fails.
 */
const char *rc_ctx_error(const rc_ctx *ctx);

/** Replace the limits. */
void rc_ctx_set_limits(rc_ctx *ctx, const rc_limits *limits);

/** @return Borrowed pointer to the limits in force. */
const rc_limits *rc_ctx_limits(const rc_ctx *ctx);

/**
 * Warnings (readable input, something odd) are counted and the last one kept.
 * @return the number of warnings raised so far.
 */
size_t rc_ctx_warning_count(const rc_ctx *ctx);

/**
 * With @p on, a component that cannot be read (malformed JSON or YAML in a
 * portal record) is skipped with a warning instead of failing its input.
 */
void rc_ctx_set_keep_going(rc_ctx *ctx, int on);

/** Callback for warnings; the message is borrowed for the call only. */
typedef void (*rc_warn_fn)(const char *message, void *payload);

/** Route warnings to @p fn (NULL: keep them silent). */
void rc_ctx_set_warn(rc_ctx *ctx, rc_warn_fn fn, void *payload);

#ifdef __cplusplus
}
#endif
#endif
