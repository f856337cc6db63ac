/*
 * test_region.c — the division table (GB/T 2260 + NBS 乡级 codes) and the jurisdiction rule.
 *
 * The prefix rule decides which people a region's caseworkers may see (STYLE.md: "the bug to
 * never have is a region's caseworker reading another region's people"), so containment is tested
 * adversarially and exhaustively over the whole table, not only on samples.
 */
#include "testutil.h"

#include "base/err.h"
#include "rules/region.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Every row of the table, reached by walking children from the provinces. */
static const struct region **all_rows;
static int n_all_rows, cap_all_rows;

static void collect(const char *code)
{
    int n = region_children(code, NULL, 0);
    if (n == 0)
        return;
    const struct region **kids = malloc((size_t)n * sizeof *kids);
    assert_non_null(kids);
    assert_int_equal(region_children(code, kids, n), n);
    for (int i = 0; i < n; i++) {
        assert_true(n_all_rows < cap_all_rows);
        all_rows[n_all_rows++] = kids[i];
        collect(kids[i]->code);
    }
    free(kids);
}

/* Collect every row once (for the tests that walk the whole table); returns the count. */
static int ensure_all_rows(void)
{
    if (!all_rows) {
        struct region_stats st;
        region_stats(&st);
        cap_all_rows = st.n_province + st.n_city + st.n_county + st.n_street;
        all_rows = malloc((size_t)cap_all_rows * sizeof *all_rows);
        assert_non_null(all_rows);
        collect(NULL);
    }
    return n_all_rows;
}

struct lookup {
    const char *code;
    const struct region *found;
};

static void *find_in_thread(void *arg)
{
    struct lookup *l = arg;
    l->found = region_find(l->code);
    return NULL;
}

static void first_use_from_two_threads_loads_once(void **state)
{
    /* pthread_once: both threads see the same loaded row (runs first in this binary). */
    (void)state;
    pthread_t a, b;
    struct lookup la = {"110101", NULL}, lb = {"110101", NULL};
    assert_int_equal(pthread_create(&a, NULL, find_in_thread, &la), 0);
    assert_int_equal(pthread_create(&b, NULL, find_in_thread, &lb), 0);
    assert_int_equal(pthread_join(a, NULL), 0);
    assert_int_equal(pthread_join(b, NULL), 0);
    assert_non_null(la.found);
    assert_ptr_equal(la.found, lb.found);
    assert_ptr_equal(la.found, region_find("110101"));
}

static void table_loads_cleanly_with_plausible_counts_per_level(void **state)
{
    /* NBS 2023: 31 mainland provinces (+ 台湾, 香港, 澳门 from GB/T 2260), ~340 cities,
       ~2,900-3,000 counties, ~41,000 乡级 units. */
    (void)state;
    struct region_stats st;
    region_stats(&st);
    assert_int_equal(st.n_bad_lines, 0);
    assert_int_equal(st.n_province, 34);
    assert_in_range(st.n_city, 330, 350);
    assert_in_range(st.n_county, 2800, 3100);
    assert_in_range(st.n_street, 38000, 44000);
}

static void every_row_hangs_from_a_province_through_existing_parents(void **state)
{
    (void)state;
    struct region_stats st;
    region_stats(&st);
    /* Walking down from the provinces reaches every row exactly once. */
    assert_int_equal(ensure_all_rows(), st.n_province + st.n_city + st.n_county + st.n_street);
    for (int i = 0; i < n_all_rows; i++) {
        const struct region *r = all_rows[i];
        const struct region *p = region_parent(r);
        assert_ptr_equal(region_find(r->code), r);
        assert_non_null(r->name);
        assert_true(r->name[0] != '\0');
        if (r->level == REGION_PROVINCE) {
            assert_null(p);
            assert_string_equal(r->parent, "");
            continue;
        }
        assert_non_null(p);
        assert_string_equal(p->code, r->parent);
        /* One level up, except streets of a 不设区的地级市 that sit under the city. */
        if (r->level == REGION_STREET && p->level == REGION_CITY)
            assert_true(region_is_county_or_below(p->code));
        else
            assert_int_equal(p->level, r->level - 1);
        /* The parent's prefix is the start of the child's code: the tree and the rule agree. */
        char pre[REGION_CODE_MAX];
        region_prefix(p->code, pre, sizeof pre);
        assert_true(pre[0] != '\0');
        assert_memory_equal(r->code, pre, strlen(pre));
        assert_true(region_contains(p->code, r->code));
        assert_false(region_contains(r->code, p->code));
    }
}

static void known_codes_have_their_names(void **state)
{
    (void)state;
    static const struct {
        const char *code, *name;
        enum region_level level;
    } known[] = {
        {"110000", "北京市", REGION_PROVINCE},
        {"110101", "东城区", REGION_COUNTY},
        {"310115", "浦东新区", REGION_COUNTY},
        {"440305", "南山区", REGION_COUNTY},
        {"540102", "城关区", REGION_COUNTY},
        {"659001", "石河子市", REGION_COUNTY},
        {"419001", "济源市", REGION_COUNTY},
        {"110101001", "东华门街道", REGION_STREET},
        {"441900", "东莞市", REGION_CITY},
        {"710000", "台湾省", REGION_PROVINCE},
        {"810000", "香港特别行政区", REGION_PROVINCE},
        {"820000", "澳门特别行政区", REGION_PROVINCE},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
        const struct region *r = region_find(known[i].code);
        assert_non_null(r);
        assert_string_equal(r->code, known[i].code);
        assert_string_equal(r->name, known[i].name);
        assert_int_equal(r->level, known[i].level);
    }
    /* 659001 石河子市 is under 659000 自治区直辖县级行政区划, 419001 under 419000. */
    assert_string_equal(region_find("659001")->parent, "659000");
    assert_string_equal(region_find("419001")->parent, "419000");
    assert_null(region_find("830000")); /* residence-permit area code, not a division */
}

static void validate6_tells_format_from_unknown(void **state)
{
    (void)state;
    const char *format[] = {"",        "11000",     "1100000", "11000a",       " 110000",
                            "110000 ", "110101001", "+11000",  "１１００００", "11 000"};
    assert_int_equal(region_validate6(NULL), -ERR_REGION_FORMAT);
    for (size_t i = 0; i < sizeof format / sizeof *format; i++)
        assert_int_equal(region_validate6(format[i]), -ERR_REGION_FORMAT);
    const char *unknown[] = {"999999", "110199", "000000", "830000", "419099", "101999"};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++)
        assert_int_equal(region_validate6(unknown[i]), -ERR_REGION_INVALID);
    assert_int_equal(region_validate6("110000"), 0);
    assert_int_equal(region_validate6("110100"), 0);
    assert_int_equal(region_validate6("110101"), 0);
    assert_int_equal(region_validate6("820000"), 0);
}

static void validate_accepts_streets_too(void **state)
{
    (void)state;
    assert_int_equal(region_validate("110101001"), 0);
    assert_int_equal(region_validate("110101"), 0);
    assert_int_equal(region_validate("110101999"), -ERR_REGION_INVALID);
    assert_int_equal(region_validate("1101010011"), -ERR_REGION_FORMAT);
    assert_int_equal(region_validate("11010100"), -ERR_REGION_FORMAT);
    assert_int_equal(region_validate("1101010"), -ERR_REGION_FORMAT);
    assert_int_equal(region_validate(NULL), -ERR_REGION_FORMAT);
    assert_null(region_find("11010100"));
    assert_null(region_find(NULL));
}

static void prefix_is_the_span_of_the_level(void **state)
{
    (void)state;
    static const struct {
        const char *code, *prefix;
    } cases[] = {
        {"110000", "11"},
        {"110100", "1101"},
        {"110101", "110101"},
        {"110101001", "110101001"},
        {"419000", "4190"},
        {"441900", "4419"},
        {"500200", "5002"},
        {"710000", "71"},
        {"999999", ""},
        {"1101", ""},
        {"", ""},
        {"11000a", ""},
    };
    char out[REGION_CODE_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memset(out, 'x', sizeof out);
        region_prefix(cases[i].code, out, sizeof out);
        assert_string_equal(out, cases[i].prefix);
    }
    region_prefix(NULL, out, sizeof out);
    assert_string_equal(out, "");
    /* Too small a buffer gives "", never a shorter (wider) prefix. */
    char small[3];
    region_prefix("110000", small, 3);
    assert_string_equal(small, "11");
    region_prefix("110100", small, 3);
    assert_string_equal(small, "");
    char tiny[1] = {'x'};
    region_prefix("110000", tiny, 1);
    assert_int_equal(tiny[0], '\0');
    region_prefix("110000", NULL, 0); /* must not crash */
}

static void contains_holds_down_the_tree_and_nowhere_else(void **state)
{
    (void)state;
    static const struct {
        const char *outer, *inner;
        bool in;
    } cases[] = {
        /* Equal codes contain each other. */
        {"110000", "110000", true},
        {"110101", "110101", true},
        {"110101001", "110101001", true},
        /* Down the tree, across levels. */
        {"110000", "110101001", true},
        {"110000", "110101", true},
        {"110100", "110101", true}, /* 市辖区 placeholder of a municipality */
        {"110101", "110101001", true},
        {"500000", "500229", true},
        {"500200", "500229", true}, /* 重庆 "县" placeholder */
        {"410000", "419001", true}, /* 省直辖县级行政区划 */
        {"419000", "419001", true},
        {"650000", "659001", true},
        {"441900", "441900003", true}, /* 不设区的地级市 and its street */
        /* Never up, never sideways. */
        {"110101", "110100", false},
        {"110100", "110000", false},
        {"110101001", "110101", false},
        {"120000", "110101", false},
        {"110101", "110102", false},
        {"110101", "110102001", false},
        {"110102", "110101001", false},
        {"410100", "419001", false},
        {"419001", "419000", false},
        {"442000", "441900003", false},
        {"441900", "442000", false},
        {"620201", "620200", false},
        /* Things that are not known codes contain nothing and are in nothing. */
        {"1101", "110101", false},
        {"110", "110101", false},
        {"11", "110101", false},
        {"1", "110101", false},
        {"", "110101", false},
        {"999999", "999999", false},
        {"110199", "110199", false},
        {"110000", "110199", false},
        {"110000", "11", false},
        {"110000", "1101", false},
        {"110000", "110000x", false},
        {"110000", "11010", false},
        {"110000", "", false},
        {"110000 ", "110101", false},
        {"110000", "110101999", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (region_contains(cases[i].outer, cases[i].inner) != cases[i].in)
            fail_msg("region_contains(\"%s\", \"%s\") should be %s", cases[i].outer, cases[i].inner,
                     cases[i].in ? "true" : "false");
    assert_false(region_contains(NULL, "110101"));
    assert_false(region_contains("110101", NULL));
    assert_false(region_contains(NULL, NULL));
}

static void contains_is_exactly_ancestry_for_every_row(void **state)
{
    /* Every row against every province, and against every city of its province:
       region_contains(x, r) holds exactly when x is r itself or one of its ancestors. */
    (void)state;
    assert_in_range(ensure_all_rows(), 40000, 50000);
    const struct region *provinces[64];
    int n_prov = region_children(NULL, provinces, 64);
    assert_in_range(n_prov, 1, 64);
    static const struct region *cities[128];
    for (int i = 0; i < n_all_rows; i++) {
        const struct region *r = all_rows[i];
        const struct region *anc[4];
        int n_anc = 0;
        for (const struct region *a = r; a; a = region_parent(a))
            anc[n_anc++] = a;
        const struct region *prov = anc[n_anc - 1];
        for (int p = 0; p < n_prov; p++)
            assert_int_equal(region_contains(provinces[p]->code, r->code), provinces[p] == prov);
        int n_city = region_children(prov->code, cities, 128);
        assert_in_range(n_city, 0, 128);
        for (int c = 0; c < n_city; c++) {
            bool is_anc = false;
            for (int k = 0; k < n_anc; k++)
                is_anc = is_anc || anc[k] == cities[c];
            assert_int_equal(region_contains(cities[c]->code, r->code), is_anc);
        }
    }
}

static void path_names_skip_placeholder_levels(void **state)
{
    (void)state;
    static const struct {
        const char *code, *name;
    } cases[] = {
        {"110000", "北京市"},
        {"110100", "北京市 市辖区"}, /* its own name is always shown */
        {"110101", "北京市 东城区"},
        {"110101001", "北京市 东城区 东华门街道"},
        {"500229", "重庆市 城口县"},
        {"419001", "河南省 济源市"},
        {"659001", "新疆维吾尔自治区 石河子市"},
        {"441900003", "广东省 东莞市 东城街道"},
        {"620201", "甘肃省 嘉峪关市"},
        {"440305", "广东省 深圳市 南山区"},
    };
    char buf[256];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = region_path_name(cases[i].code, buf, sizeof buf);
        assert_string_equal(buf, cases[i].name);
        assert_int_equal(n, strlen(cases[i].name));
    }
    buf[0] = 'x';
    assert_int_equal(region_path_name("999999", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(region_path_name(NULL, buf, sizeof buf), 0);
}

static void path_name_is_cut_at_a_character_boundary(void **state)
{
    /* "北京市 东城区": 9 + 1 + 9 = 19 bytes. */
    (void)state;
    char buf[32];
    assert_int_equal(region_path_name("110101", NULL, 0), 19);
    assert_int_equal(region_path_name("110101", buf, 20), 19);
    assert_string_equal(buf, "北京市 东城区");
    assert_int_equal(region_path_name("110101", buf, 19), 19); /* one byte short */
    assert_string_equal(buf, "北京市 东城");
    assert_int_equal(region_path_name("110101", buf, 10), 19);
    assert_string_equal(buf, "北京市");
    assert_int_equal(region_path_name("110101", buf, 9), 19);
    assert_string_equal(buf, "北京");
    assert_int_equal(region_path_name("110101", buf, 3), 19);
    assert_string_equal(buf, "");
    assert_int_equal(region_path_name("110101", buf, 1), 19);
    assert_string_equal(buf, "");
}

static void children_list_provinces_beijing_and_nothing_below_streets(void **state)
{
    (void)state;
    const struct region *out[64];
    int n = region_children(NULL, out, 64);
    assert_int_equal(n, 34);
    assert_string_equal(out[0]->code, "110000");
    assert_string_equal(out[n - 1]->code, "820000");
    for (int i = 1; i < n; i++)
        assert_true(strcmp(out[i - 1]->code, out[i]->code) < 0);

    /* 北京市 has one city-level child, the 市辖区 placeholder, with its 16 districts. */
    assert_int_equal(region_children("110000", out, 64), 1);
    assert_string_equal(out[0]->code, "110100");
    assert_string_equal(out[0]->name, "市辖区");
    assert_int_equal(region_children("110100", out, 64), 16);
    assert_string_equal(out[0]->code, "110101");
    assert_string_equal(out[0]->name, "东城区");

    /* max smaller than the total fills max and still returns the total. */
    out[2] = NULL;
    assert_int_equal(region_children("110100", out, 2), 16);
    assert_null(out[2]);
    assert_int_equal(region_children("110100", NULL, 0), 16);

    assert_int_equal(region_children("110101001", out, 64), 0);
    assert_int_equal(region_children("710000", out, 64), 0);
    assert_int_equal(region_children("999999", out, 64), 0);
    assert_int_equal(region_children("1101", out, 64), 0);
}

static void county_or_below_is_where_one_registers(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        bool yes;
    } cases[] = {
        {"110101", true},  {"110101001", true}, {"419001", true},  {"659001", true},
        {"441900", true},  {"442000", true},    {"460400", true},  {"620201", true},
        {"110000", false}, {"110100", false},   {"419000", false}, {"620200", false},
        {"440300", false}, {"710000", false},   {"999999", false}, {"1101", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (region_is_county_or_below(cases[i].code) != cases[i].yes)
            fail_msg("region_is_county_or_below(\"%s\") should be %s", cases[i].code,
                     cases[i].yes ? "true" : "false");
    assert_false(region_is_county_or_below(NULL));
}

static void parent_walks_up_one_level(void **state)
{
    (void)state;
    const struct region *r = region_find("110101001");
    assert_string_equal(region_parent(r)->code, "110101");
    assert_string_equal(region_parent(region_parent(r))->code, "110100");
    assert_string_equal(region_parent(region_parent(region_parent(r)))->code, "110000");
    assert_null(region_parent(region_find("110000")));
    assert_null(region_parent(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_use_from_two_threads_loads_once),
        cmocka_unit_test(table_loads_cleanly_with_plausible_counts_per_level),
        cmocka_unit_test(every_row_hangs_from_a_province_through_existing_parents),
        cmocka_unit_test(known_codes_have_their_names),
        cmocka_unit_test(validate6_tells_format_from_unknown),
        cmocka_unit_test(validate_accepts_streets_too),
        cmocka_unit_test(prefix_is_the_span_of_the_level),
        cmocka_unit_test(contains_holds_down_the_tree_and_nowhere_else),
        cmocka_unit_test(contains_is_exactly_ancestry_for_every_row),
        cmocka_unit_test(path_names_skip_placeholder_levels),
        cmocka_unit_test(path_name_is_cut_at_a_character_boundary),
        cmocka_unit_test(children_list_provinces_beijing_and_nothing_below_streets),
        cmocka_unit_test(county_or_below_is_where_one_registers),
        cmocka_unit_test(parent_walks_up_one_level),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(all_rows);
    return rc;
}
