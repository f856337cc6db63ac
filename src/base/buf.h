/*
 * buf.h — the one growable byte buffer.
 *
 * A buf is always NUL-terminated after its `len` bytes (when `data` is non-NULL), so its content
 * can be handed to C string functions. Growth doubles; allocation failure aborts (xalloc).
 * A zeroed struct is an empty buffer: `struct buf b = {0};` needs no init call.
 */
#ifndef UREG_BASE_BUF_H
#define UREG_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t cap;
};

/* Make room for `extra` more bytes beyond len (plus the NUL). */
void buf_reserve(struct buf *b, size_t extra);

void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);

/* printf-style append. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);

/* Release the memory; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);

/* Give the content to the caller (free() it; never NULL) and leave the buffer empty. */
char *buf_detach(struct buf *b);

/* The content as a C string ("" when empty); owned by the buffer. */
const char *buf_cstr(const struct buf *b);

#endif
