/*
 * arena.c — the per-request bump allocator. See arena.h.
 *
 * Invariant: a->blocks is the current block and [a->ptr, a->end) its free tail. Blocks made for
 * one large allocation are linked just behind the current block, so the current block keeps
 * serving small requests after them. The chain ends with the first (4 KiB) block, the one
 * arena_reset() keeps. A typical request allocates a few KiB: one malloc per request, or none
 * when the arena is reset and reused.
 */
#include "base/arena.h"

#include "base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_SIZE ((size_t)4096)
#define ARENA_MAX_SIZE ((size_t)1 << 20)
#define ARENA_ALIGN (_Alignof(max_align_t))

struct arena_block {
    struct arena_block *next; /* older block */
    size_t cap;               /* usable bytes in data */
    max_align_t data[];       /* the flexible array puts data on a max_align_t boundary */
};

/* A new block with `cap` usable bytes; aborts on out-of-memory or size overflow. */
static struct arena_block *arena__block_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(struct arena_block)) {
        fprintf(stderr, "ureg: arena allocation too large (%zu bytes)\n", cap);
        abort();
    }
    struct arena_block *b = xmalloc(sizeof(struct arena_block) + cap);
    b->next = NULL;
    b->cap = cap;
    return b;
}

/* Make `b` the current block. */
static void arena__use(struct arena *a, struct arena_block *b)
{
    b->next = a->blocks;
    a->blocks = b;
    a->ptr = (char *)b->data;
    a->end = a->ptr + b->cap;
}

/* n bytes aligned to `align` (a power of two no larger than ARENA_ALIGN). */
static void *arena__alloc(struct arena *a, size_t n, size_t align)
{
    if (!a->blocks) {
        arena__use(a, arena__block_new(ARENA_FIRST_SIZE));
        a->next_size = 2 * ARENA_FIRST_SIZE;
    }
    size_t pad = (size_t)(-(uintptr_t)a->ptr) & (align - 1);
    size_t avail = (size_t)(a->end - a->ptr);
    if (pad <= avail && avail - pad >= n) {
        char *p = a->ptr + pad;
        a->ptr = p + n;
        return p;
    }
    if (n > a->next_size / 4) {
        /* A block of its own, behind the current one, which stays current. */
        struct arena_block *big = arena__block_new(n);
        big->next = a->blocks->next;
        a->blocks->next = big;
        return big->data;
    }
    arena__use(a, arena__block_new(a->next_size));
    if (a->next_size < ARENA_MAX_SIZE)
        a->next_size *= 2;
    char *p = a->ptr; /* a fresh block is ARENA_ALIGN-aligned */
    a->ptr = p + n;
    return p;
}

void arena_init(struct arena *a)
{
    a->blocks = NULL;
    a->ptr = a->end = NULL;
    a->next_size = ARENA_FIRST_SIZE;
}

void *arena_alloc(struct arena *a, size_t n)
{
    return arena__alloc(a, n ? n : 1, ARENA_ALIGN);
}

void *arena_zalloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = arena__alloc(a, len + 1, 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    size_t len = strlen(s);
    char *p = arena__alloc(a, len + 1, 1);
    memcpy(p, s, len + 1);
    return p;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    /* Try the free tail of the current block first: one formatting pass in the common case. */
    va_list ap2;
    va_copy(ap2, ap);
    size_t avail = a->blocks ? (size_t)(a->end - a->ptr) : 0;
    int n = vsnprintf(avail ? a->ptr : NULL, avail, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        fprintf(stderr, "ureg: arena_printf: bad format \"%s\"\n", fmt);
        abort();
    }
    if ((size_t)n < avail) {
        char *p = a->ptr;
        a->ptr += (size_t)n + 1;
        return p;
    }
    char *p = arena__alloc(a, (size_t)n + 1, 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void arena_reset(struct arena *a)
{
    struct arena_block *b = a->blocks;
    if (!b)
        return;
    while (b->next) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->blocks = NULL;
    arena__use(a, b);
    a->next_size = 2 * ARENA_FIRST_SIZE;
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->blocks;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}
