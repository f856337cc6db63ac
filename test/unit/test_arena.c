/*
 * test_arena.c — the per-request bump allocator: alignment, growth, large allocations, reset.
 * Run under ASan (make SANITIZE=address,undefined) to catch overruns between allocations.
 */
#include "testutil.h"

#include "base/arena.h"

#include <stdint.h>
#include <string.h>

#define ALIGN _Alignof(max_align_t)

static int is_aligned(const void *p)
{
    return ((uintptr_t)p % ALIGN) == 0;
}

static void every_allocation_is_aligned_for_any_type(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    /* Odd sizes and interleaved strings would misalign a naive bump pointer. */
    for (size_t n = 0; n < 600; n++) {
        arena_strdup(&a, "x");
        void *p = arena_alloc(&a, n);
        assert_true(is_aligned(p));
        memset(p, 0xab, n);
        assert_true(is_aligned(arena_zalloc(&a, n + 3)));
    }
    arena_free(&a);
}

static void allocations_do_not_overlap_and_keep_their_content(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    enum { N = 3000 };
    unsigned char *ptrs[N];
    size_t sizes[N];
    for (size_t i = 0; i < N; i++) {
        sizes[i] = 1 + (i * 37) % 700;
        ptrs[i] = arena_alloc(&a, sizes[i]);
        memset(ptrs[i], (int)(i & 0xff), sizes[i]);
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < sizes[i]; j++)
            assert_int_equal(ptrs[i][j], i & 0xff);
    arena_free(&a);
}

static void zero_size_allocations_are_distinct(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    void *p = arena_alloc(&a, 0);
    void *q = arena_alloc(&a, 0);
    assert_non_null(p);
    assert_non_null(q);
    assert_ptr_not_equal(p, q);
    arena_free(&a);
}

static void zalloc_clears_reused_memory(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    unsigned char *p = arena_alloc(&a, 256);
    memset(p, 0xff, 256);
    arena_reset(&a);
    unsigned char *q = arena_zalloc(&a, 256);
    assert_ptr_equal(p, q); /* same memory after reset, so the clearing is what we test */
    for (size_t i = 0; i < 256; i++)
        assert_int_equal(q[i], 0);
    arena_free(&a);
}

static void large_allocations_get_their_own_block_and_small_ones_continue(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *small1 = arena_alloc(&a, 16);
    size_t big_n = (size_t)8 << 20; /* 8 MiB: far beyond any ordinary block */
    char *big = arena_alloc(&a, big_n);
    assert_true(is_aligned(big));
    memset(big, 'b', big_n); /* ASan would flag a short block */
    char *small2 = arena_alloc(&a, 16);
    /* The big block did not retire the first one: the next small allocation follows small1. */
    assert_ptr_equal(small2, small1 + 16);
    assert_int_equal(big[big_n - 1], 'b');
    /* More than the first block has left and more than a quarter of the next ordinary block
       (8 KiB): large, too. */
    char *mid = arena_alloc(&a, 5000);
    memset(mid, 'm', 5000);
    assert_ptr_equal(arena_alloc(&a, 16), small2 + 16);
    arena_free(&a);
}

static void blocks_grow_when_the_current_one_is_full(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    /* 1000 x 1 KiB crosses many block boundaries; each allocation stays usable. */
    char *prev = NULL;
    for (int i = 0; i < 1000; i++) {
        char *p = arena_alloc(&a, 1024);
        memset(p, i & 0x7f, 1024);
        if (prev)
            assert_int_equal(prev[1023], (i - 1) & 0x7f);
        prev = p;
    }
    arena_free(&a);
}

static void reset_keeps_the_first_block_for_reuse(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *first = arena_alloc(&a, 100);
    for (int i = 0; i < 100; i++)
        arena_alloc(&a, 1000);
    arena_alloc(&a, (size_t)1 << 20);
    arena_reset(&a);
    /* The first allocation after a reset lands where the first one did: no new malloc. */
    assert_ptr_equal(arena_alloc(&a, 100), first);
    /* And the arena keeps growing normally afterwards. */
    for (int i = 0; i < 100; i++)
        memset(arena_alloc(&a, 1000), 1, 1000);
    arena_reset(&a);
    arena_reset(&a); /* twice is harmless */
    assert_ptr_equal(arena_alloc(&a, 1), first);
    arena_free(&a);
}

static void free_leaves_a_usable_empty_arena(void **state)
{
    (void)state;
    struct arena a = {0}; /* a zeroed arena is valid without arena_init */
    arena_free(&a);
    arena_reset(&a);
    assert_string_equal(arena_strdup(&a, "again"), "again");
    arena_free(&a);
    assert_null(a.blocks);
    assert_string_equal(arena_strdup(&a, "and again"), "and again");
    arena_free(&a);
}

static void strdup_and_strndup_copy_and_terminate(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    const char *s = "张三,2024-01-31";
    char *d = arena_strdup(&a, s);
    assert_ptr_not_equal(d, s);
    assert_string_equal(d, s);
    assert_string_equal(arena_strndup(&a, s, 6), "张三"); /* 2 x 3 UTF-8 bytes */
    assert_string_equal(arena_strndup(&a, s, 0), "");
    assert_string_equal(arena_strndup(&a, "ab", 10), "ab"); /* stops at the NUL */
    char unterminated[3] = {'x', 'y', 'z'};
    assert_string_equal(arena_strndup(&a, unterminated, 3), "xyz");
    assert_string_equal(arena_strdup(&a, ""), "");
    arena_free(&a);
}

static void printf_formats_short_and_long_strings(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(arena_printf(&a, "line %ld: %s", 1234L, "id_checksum"),
                        "line 1234: id_checksum");
    /* Longer than the free tail and than an ordinary block: takes the second pass. */
    char *big = arena_printf(&a, "%0*d", 20000, 7);
    assert_int_equal(strlen(big), 20000);
    assert_int_equal(big[19999], '7');
    assert_int_equal(big[0], '0');
    /* A string exactly filling the remaining space of a fresh arena's first block. */
    struct arena b = {0};
    char *fill = arena_printf(&b, "%0*d", 4095, 1);
    assert_int_equal(strlen(fill), 4095);
    char *next = arena_printf(&b, "%s", "n");
    assert_string_equal(next, "n");
    assert_string_equal(fill + 4094, "1");
    arena_free(&b);
    assert_string_equal(arena_printf(&a, "%s", ""), "");
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_is_aligned_for_any_type),
        cmocka_unit_test(allocations_do_not_overlap_and_keep_their_content),
        cmocka_unit_test(zero_size_allocations_are_distinct),
        cmocka_unit_test(zalloc_clears_reused_memory),
        cmocka_unit_test(large_allocations_get_their_own_block_and_small_ones_continue),
        cmocka_unit_test(blocks_grow_when_the_current_one_is_full),
        cmocka_unit_test(reset_keeps_the_first_block_for_reuse),
        cmocka_unit_test(free_leaves_a_usable_empty_arena),
        cmocka_unit_test(strdup_and_strndup_copy_and_terminate),
        cmocka_unit_test(printf_formats_short_and_long_strings),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
