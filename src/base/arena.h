/*
 * arena.h — a bump allocator whose allocations all die together.
 *
 * A request gets an arena and frees it when the response is done, so handlers allocate freely
 * and never free one by one. Memory comes from a chain of blocks: the first is 4 KiB, each
 * following one doubles up to 1 MiB, and an allocation larger than a quarter of the next block
 * gets a block of its own (so one big body does not waste a half-empty block). Every pointer from
 * arena_alloc/arena_zalloc is aligned for any object type (max_align_t); strings are packed
 * byte-aligned. Out of memory aborts (base/xalloc), so no call returns NULL.
 *
 * A zeroed struct arena is a valid empty arena; arena_init() makes one. Not thread-safe: one
 * arena belongs to one request at a time.
 */
#ifndef UREG_BASE_ARENA_H
#define UREG_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *blocks; /* newest first; the last in the chain is the first block */
    char *ptr;                  /* free space of blocks (the current one): [ptr, end) */
    char *end;
    size_t next_size; /* size of the next ordinary block */
};

/* Make *a an empty arena. Allocates nothing; the first block comes with the first allocation. */
void arena_init(struct arena *a);

/*
 * Return n bytes aligned to alignof(max_align_t), owned by the arena and valid until
 * arena_reset() or arena_free(). n == 0 gives a valid unique pointer. Never NULL.
 */
void *arena_alloc(struct arena *a, size_t n);

/* arena_alloc() with the n bytes set to zero. */
void *arena_zalloc(struct arena *a, size_t n);

/* A copy of the C string s in the arena (byte-aligned). */
char *arena_strdup(struct arena *a, const char *s);

/*
 * A NUL-terminated copy of at most n bytes of s in the arena, stopping early at a NUL in s
 * (strndup semantics: s need not be terminated when it has n readable bytes).
 */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* printf into a new string in the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/*
 * Forget every allocation but keep the first block for reuse, so an arena recycled across
 * requests costs no malloc for small requests. Every pointer handed out before is invalid.
 */
void arena_reset(struct arena *a);

/* Release all memory. The arena is empty and usable again afterwards (as after arena_init). */
void arena_free(struct arena *a);

#endif
