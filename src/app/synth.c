/*
 * synth.c — synthetic people for `ureg gen`. See synth.h for the model and its sources.
 *
 * Layout: the generator and the key set first, then the tables (names, places, codes with
 * their weights), then the plan (places and daily volumes), then slots and people. Weights are
 * relative integers; a table's comment says what they approximate.
 */
#include "app/synth.h"

#include "base/check.h"
#include "base/date.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "rules/age.h"
#include "rules/region.h"
#include "rules/workday.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the generator: splitmix64 seeds xoshiro256** (Blackman and Vigna, public domain
 * algorithms, written here from their published description) ------------------------------- */

static uint64_t synth__splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void synth_rng_seed(struct synth_rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
    uint64_t x = seed;
    uint64_t a = synth__splitmix(&x);
    x ^= stream * 0xD1B54A32D192ED03ull;
    uint64_t b = synth__splitmix(&x);
    x ^= index * 0x8CB92BA72F3D8DD7ull + a;
    x += b;
    for (int i = 0; i < 4; i++)
        r->s[i] = synth__splitmix(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
        r->s[0] = 1; /* the all-zero state is the one xoshiro cannot leave */
}

static uint64_t synth__rotl(uint64_t v, int k)
{
    return (v << k) | (v >> (64 - k));
}

uint64_t synth_next(struct synth_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = synth__rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = synth__rotl(s[3], 45);
    return result;
}

uint64_t synth_below(struct synth_rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    uint64_t threshold = (0 - n) % n; /* 2^64 mod n: values below it would bias the modulo */
    for (;;) {
        uint64_t v = synth_next(r);
        if (v >= threshold)
            return v % n;
    }
}

int synth_between(struct synth_rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int)synth_below(r, (uint64_t)((int64_t)hi - lo + 1));
}

bool synth_chance(struct synth_rng *r, int p)
{
    if (p <= 0)
        return false;
    if (p >= 10000)
        return true;
    return synth_below(r, 10000) < (uint64_t)p;
}

int synth_pick(struct synth_rng *r, const uint32_t *weights, int n)
{
    uint64_t total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    if (total == 0)
        return 0;
    uint64_t v = synth_below(r, total);
    for (int i = 0; i < n; i++) {
        if (v < weights[i])
            return i;
        v -= weights[i];
    }
    return n - 1;
}

/* --- the key set: open addressing over 64-bit hashes, 0 marks an empty slot ------------------ */

struct synth_keys {
    uint64_t *slots;
    size_t cap, count; /* cap is a power of two, kept at least twice count */
};

static uint64_t synth__hash(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a, then a splitmix finaliser to spread it */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3ull;
    uint64_t x = h;
    h = synth__splitmix(&x);
    return h ? h : 1;
}

struct synth_keys *synth_keys_new(size_t expected)
{
    struct synth_keys *k = xcalloc(1, sizeof *k);
    k->cap = 64;
    while (k->cap < expected * 2)
        k->cap *= 2;
    k->slots = xcalloc(k->cap, sizeof *k->slots);
    return k;
}

void synth_keys_free(struct synth_keys *k)
{
    if (!k)
        return;
    free(k->slots);
    free(k);
}

static bool synth__keys_put(struct synth_keys *k, uint64_t h)
{
    size_t i = (size_t)h & (k->cap - 1);
    while (k->slots[i]) {
        if (k->slots[i] == h)
            return false;
        i = (i + 1) & (k->cap - 1);
    }
    k->slots[i] = h;
    k->count++;
    return true;
}

bool synth_keys_add(struct synth_keys *k, const char *person_key)
{
    if (2 * (k->count + 1) > k->cap) {
        struct synth_keys bigger = {xcalloc(k->cap * 2, sizeof(uint64_t)), k->cap * 2, 0};
        for (size_t i = 0; i < k->cap; i++)
            if (k->slots[i])
                synth__keys_put(&bigger, k->slots[i]);
        free(k->slots);
        *k = bigger;
    }
    return synth__keys_put(k, synth__hash(person_key));
}

size_t synth_keys_count(const struct synth_keys *k)
{
    return k->count;
}

void synth_mainland_number(const char *area, int32_t birth, int seq, char out[IDNUM_SIZE])
{
    int y, m, d;
    date_to_ymd(birth, &y, &m, &d);
    snprintf(out, IDNUM_SIZE, "%.6s%04d%02d%02d%03d", area, y % 10000, m, d,
             ((seq % 1000) + 1000) % 1000);
    out[17] = idnum_check_char(out);
    out[18] = '\0';
}

/* --- tables ------------------------------------------------------------------------------- */

struct synth__wstr {
    const char *s;
    uint32_t w;
};

#define SYNTH__N(a) ((int)(sizeof(a) / sizeof *(a)))

/* Pick a string from a weighted table. */
static const char *synth__wpick(struct synth_rng *r, const struct synth__wstr *t, int n)
{
    uint64_t total = 0;
    for (int i = 0; i < n; i++)
        total += t[i].w;
    uint64_t v = synth_below(r, total);
    for (int i = 0; i < n; i++) {
        if (v < t[i].w)
            return t[i].s;
        v -= t[i].w;
    }
    return t[n - 1].s;
}

/* Pick from an unweighted table. */
#define SYNTH__ANY(r, a) ((a)[synth_below((r), (uint64_t)SYNTH__N(a))])

/* Surnames in the order of 《二〇二〇年全国姓名报告》; weights in 1/10000 of the population,
 * approximate at the head and flattened in the tail; a few compound surnames. */
static const struct synth__wstr synth__surnames[] = {
    {"王", 712}, {"李", 708}, {"张", 664}, {"刘", 538}, {"陈", 455}, {"杨", 308}, {"黄", 250},
    {"赵", 229}, {"吴", 204}, {"周", 196}, {"徐", 165}, {"孙", 153}, {"马", 151}, {"胡", 146},
    {"朱", 136}, {"郭", 131}, {"何", 125}, {"罗", 115}, {"高", 114}, {"林", 112}, {"郑", 96},
    {"梁", 94},  {"谢", 90},  {"宋", 85},  {"唐", 83},  {"许", 80},  {"韩", 78},  {"冯", 76},
    {"邓", 75},  {"曹", 72},  {"彭", 69},  {"曾", 68},  {"肖", 67},  {"田", 65},  {"董", 63},
    {"袁", 62},  {"潘", 61},  {"于", 60},  {"蒋", 59},  {"蔡", 58},  {"余", 57},  {"杜", 56},
    {"叶", 55},  {"程", 54},  {"苏", 53},  {"魏", 52},  {"吕", 51},  {"丁", 50},  {"任", 49},
    {"沈", 48},  {"姚", 47},  {"卢", 46},  {"姜", 45},  {"崔", 44},  {"钟", 43},  {"谭", 42},
    {"陆", 41},  {"汪", 40},  {"范", 39},  {"金", 38},  {"石", 37},  {"廖", 36},  {"贾", 35},
    {"夏", 34},  {"韦", 33},  {"付", 32},  {"方", 31},  {"白", 30},  {"邹", 29},  {"孟", 28},
    {"熊", 27},  {"秦", 26},  {"邱", 25},  {"江", 24},  {"尹", 23},  {"薛", 22},  {"闫", 21},
    {"段", 20},  {"雷", 19},  {"侯", 18},  {"龙", 17},  {"史", 16},  {"陶", 15},  {"黎", 14},
    {"贺", 13},  {"顾", 12},  {"毛", 11},  {"郝", 10},  {"龚", 10},  {"邵", 10},  {"万", 9},
    {"钱", 9},   {"严", 9},   {"覃", 8},   {"武", 8},   {"戴", 8},   {"莫", 7},   {"孔", 7},
    {"向", 7},   {"汤", 7},   {"欧阳", 2}, {"上官", 1}, {"司马", 1}, {"诸葛", 1}, {"东方", 1},
};

static const char *const synth__given_male[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
    "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "阳",
    "晨", "博", "文", "轩", "睿", "哲", "豪", "峰", "建", "国", "志", "海", "亮", "成", "东",
    "新", "毅", "振", "宏", "彬", "坤", "铭", "泽", "航", "皓", "然", "川", "嘉", "晖", "锋",
};
static const char *const synth__given_female[] = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "洁", "燕", "萍",
    "红", "琳", "雪", "慧", "颖", "倩", "婷", "欣", "怡", "悦", "佳", "琪", "梦", "雨", "涵",
    "诗", "晴", "思", "月", "瑶", "璐", "蕾", "薇", "丹", "妍", "婉", "莉", "岚", "茜", "彤",
};
static const char *const synth__given_neutral[] = {
    "文", "明", "华", "晓", "小", "一", "子", "嘉", "俊", "宇", "佳", "思", "天", "安",
    "春", "秋", "永", "志", "海", "金", "玉", "云", "雅", "心", "乐", "欣", "若", "梓",
};
/* Given names common among people born before the mid-1970s. */
static const char *const synth__given_old_male[] = {
    "建国", "建华", "国庆", "卫东", "建军", "国强", "志强", "永胜", "德明", "福生", "红军", "立新",
};
static const char *const synth__given_old_female[] = {
    "秀英", "桂英", "秀兰", "玉兰", "桂兰", "凤英", "淑珍", "丽华", "红梅", "素芬", "玉梅", "淑兰",
};
/* Names of Uyghur, Kazak and other Turkic-speaking people: own name · father's name. */
static const char *const synth__turkic_male[] = {
    "艾力",     "买买提", "阿不都", "吐尔逊", "艾合买提", "热合曼", "努尔兰",
    "伊力哈木", "阿迪力", "叶尔兰", "别克",   "阿斯哈尔", "库尔班", "肉孜",
};
static const char *const synth__turkic_female[] = {
    "古丽",     "阿依古丽", "热依拉",   "再努尔", "帕提古丽", "米热古丽",
    "阿依努尔", "古丽娜尔", "迪丽拜尔", "玛依拉", "努尔古丽",
};
/* Tibetan names: two two-character parts, no surname. */
static const char *const synth__tibetan_male[] = {"扎西", "次仁", "多吉", "顿珠",
                                                  "旺堆", "平措", "罗布", "边巴"};
static const char *const synth__tibetan_female[] = {"卓玛", "央金", "拉姆", "德吉",
                                                    "白玛", "曲珍", "措姆", "格桑"};

/* 民族 (GB/T 3304 codes): shares of the 2020 census in 1/10000, the 19 largest groups; the
 * other groups (together under 1%) are folded into a few listed ones. */
static const struct synth__wstr synth__ethnicities[] = {
    {"01", 9111}, {"08", 139}, {"05", 83}, {"03", 81}, {"06", 78}, {"11", 74}, {"07", 70},
    {"15", 68},   {"04", 50},  {"02", 45}, {"09", 25}, {"12", 25}, {"13", 23}, {"14", 15},
    {"16", 12},   {"10", 12},  {"19", 11}, {"17", 11}, {"18", 9},  {"22", 5},  {"26", 5},
    {"37", 4},    {"20", 5},   {"33", 3},  {"27", 3},  {"30", 2},
};

/* 2020 census population of the 31 mainland provinces, in units of 10,000. */
static const struct {
    const char *code;
    uint32_t pop;
} synth__provinces[] = {
    {"110000", 2189}, {"120000", 1387}, {"130000", 7461}, {"140000", 3492},  {"150000", 2405},
    {"210000", 4259}, {"220000", 2407}, {"230000", 3185}, {"310000", 2487},  {"320000", 8475},
    {"330000", 6457}, {"340000", 6103}, {"350000", 4154}, {"360000", 4519},  {"370000", 10153},
    {"410000", 9937}, {"420000", 5775}, {"430000", 6644}, {"440000", 12601}, {"450000", 5013},
    {"460000", 1008}, {"500000", 3205}, {"510000", 8367}, {"520000", 3856},  {"530000", 4721},
    {"540000", 365},  {"610000", 3953}, {"620000", 2502}, {"630000", 592},   {"640000", 720},
    {"650000", 2585},
};
#define SYNTH__PROVINCES SYNTH__N(synth__provinces)

/* Mobile number prefixes (1[3-9]x) of the three carriers' public ranges. */
static const char *const synth__mobile[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "172", "173",
    "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186",
    "187", "188", "189", "191", "193", "195", "198", "199",
};

static const char *const synth__roads[] = {
    "建设路", "人民路", "解放路", "中山路", "和平路", "胜利路", "新华路", "光明路", "幸福路",
    "文化路", "团结路", "友谊路", "朝阳路", "东风路", "迎宾路", "滨河路", "青年路", "工农路",
    "育才路", "花园路", "府前街", "学院路", "体育路", "公园路", "北大街", "南大街", "西关街",
    "东关街", "兴业路", "振兴路", "长青路", "永安路", "富民路", "康宁街", "复兴路", "新村路",
};
static const char *const synth__estates[] = {
    "阳光", "幸福", "和谐", "锦绣", "翠园", "金色", "怡景", "康乐", "绿洲", "书香", "丽景", "华府",
};
static const char *const synth__trade_names[] = {
    "恒达", "华兴", "鑫源", "宏远", "金桥", "瑞丰", "汇通", "永信", "天成", "博远",
    "新元", "长城", "盛世", "安泰", "嘉禾", "东方", "明德", "德润", "泰和", "九州",
};
static const char *const synth__industries[] = {
    "商贸", "科技",     "物流",     "餐饮管理", "建筑工程", "物业服务", "电子", "机械制造",
    "服装", "文化传媒", "信息技术", "食品",     "汽车服务", "家政服务", "印刷", "房地产经纪",
};
static const char *const synth__company_forms[] = {"有限公司", "有限责任公司", "股份有限公司"};
static const char *const synth__shops[] = {"便利店", "餐馆",   "服装店", "理发店",
                                           "五金店", "快餐店", "水果店", "手机维修店"};
static const char *const synth__occupations[] = {
    "营业员",     "行政文员", "软件开发工程师", "快递员",   "餐厅服务员", "会计",
    "电工",       "保安员",   "汽车驾驶员",     "销售代表", "车间操作工", "客服专员",
    "仓库管理员", "厨师",     "保洁员",         "美容师",   "市场专员",   "出纳",
    "焊工",       "育婴员",   "网约车司机",     "外卖骑手", "数据录入员", "平面设计师",
    "教师",       "护理员",   "物业管理员",     "建筑工人",
};
/*
 * The job intents and vacancies of synthetic people, as occupation codes of 国家职业分类大典
 * (2022) form: the major group (大类) is the real one for the kind of work; the finer levels are
 * synthetic (a plausible 中类, made-up 小类 and 细类), so the codes are valid by form and group
 * and share prefixes the way real ones do, but are not claimed to be the official 细类. Each has
 * the index of its typical skill in synth__skills (-1: none), a pay band (yuan a month) and a
 * weight (how common vacancies of it are).
 */
static const struct synth__occ {
    const char *code;
    int skill;
    int pay_lo, pay_hi;
    uint32_t weight;
} synth__occ_codes[] = {
    {"4-01-02-01", 7, 3500, 5500, 90},   {"3-01-02-01", 0, 4000, 6500, 60},
    {"2-02-10-03", 9, 9000, 20000, 40},  {"4-02-07-01", 1, 5000, 9000, 70},
    {"4-03-02-02", 3, 3800, 5500, 80},   {"2-06-03-01", 5, 5000, 9000, 30},
    {"6-31-01-03", 4, 5500, 9000, 40},   {"3-02-03-01", -1, 3800, 5500, 60},
    {"4-02-02-01", 1, 5000, 8000, 50},   {"4-01-01-02", 7, 5000, 12000, 70},
    {"6-18-01-01", 8, 4500, 7500, 90},   {"4-07-02-03", 0, 4000, 6500, 50},
    {"4-02-06-01", 8, 4500, 7000, 40},   {"4-03-01-01", 3, 5000, 9000, 60},
    {"4-09-08-01", -1, 3000, 4500, 60},  {"4-10-03-01", -1, 4000, 8000, 30},
    {"2-06-07-02", 11, 5500, 10000, 30}, {"2-06-03-02", 5, 4500, 7000, 20},
    {"6-18-02-04", -1, 6000, 10000, 40}, {"4-10-01-02", 10, 6000, 12000, 30},
    {"4-02-02-02", 1, 6000, 11000, 40},  {"4-02-07-02", 1, 6000, 10000, 60},
    {"4-04-04-01", 0, 4000, 6000, 20},   {"2-09-06-01", 6, 6000, 12000, 20},
    {"2-08-02-01", 2, 6000, 10000, 20},  {"4-14-01-02", 10, 4500, 7500, 40},
    {"4-06-01-01", -1, 3800, 6000, 30},  {"6-29-01-01", -1, 6000, 9000, 70},
};
_Static_assert(sizeof synth__occ_codes / sizeof *synth__occ_codes ==
                   sizeof synth__occupations / sizeof *synth__occupations,
               "one code per synthetic occupation");
static const char *const synth__skills[] = {
    "熟练使用办公软件", "驾驶",       "英语口语",   "烹饪",     "电脑维修",
    "财务核算",         "平面设计",   "销售与谈判", "叉车操作", "编程（Java、Python）",
    "月嫂护理",         "短视频运营",
};
static const char *const synth__certificates[] = {
    "机动车驾驶证（C1）",
    "会计专业技术资格（初级）",
    "低压电工作业操作证",
    "普通话水平测试二级甲等",
    "育婴员职业技能等级证书",
    "中式烹调师职业技能等级证书",
    "教师资格证",
    "焊工职业技能等级证书",
};

/* Alphabet of the applicant's query code, as app/intake issues them (no 0/O, 1/I/L). */
static const char synth__code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/* --- the plan ----------------------------------------------------------------------------- */

struct synth__place {
    const struct region *r;
    const struct region **streets;
    int n_streets;
};

struct synth__placeset {
    struct synth__place *v;
    uint32_t *w;
    int n, cap;
};

struct synth_plan {
    struct synth_config cfg;
    struct synth__placeset local;
    struct synth__placeset prov[SYNTH__PROVINCES];
    uint32_t prov_w[SYNTH__PROVINCES]; /* 0 for the plan's own province */
    int32_t first_day;
    int n_days;
    uint64_t *cum[SYNTH__CHANNELS]; /* cumulative daily weights, n_days each */
};

static void synth__add_place(struct synth__placeset *ps, const struct region *r)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 16;
        ps->v = xrealloc(ps->v, (size_t)ps->cap * sizeof *ps->v);
        ps->w = xrealloc(ps->w, (size_t)ps->cap * sizeof *ps->w);
    }
    struct synth__place *p = &ps->v[ps->n];
    int n = region_children(r->code, NULL, 0);
    const struct region **kids = xcalloc((size_t)(n ? n : 1), sizeof *kids);
    region_children(r->code, kids, n);
    p->r = r;
    p->n_streets = 0;
    for (int i = 0; i < n; i++)
        if (kids[i]->level == REGION_STREET)
            kids[p->n_streets++] = kids[i];
    p->streets = kids;
    /* Streets stand in for population: a county with more streets has more people. */
    ps->w[ps->n] = (uint32_t)(p->n_streets ? p->n_streets : 1);
    ps->n++;
}

/* Collect the registrable places (counties, cities without counties) at or below `code`. */
static void synth__collect(struct synth__placeset *ps, const char *code)
{
    const struct region *r = region_find(code);
    if (!r || r->level == REGION_STREET)
        return;
    if (r->level != REGION_PROVINCE && region_is_county_or_below(code)) {
        synth__add_place(ps, r);
        return;
    }
    int n = region_children(code, NULL, 0);
    if (n <= 0)
        return;
    const struct region **kids = xcalloc((size_t)n, sizeof *kids);
    region_children(code, kids, n);
    for (int i = 0; i < n; i++)
        if (kids[i]->level != REGION_STREET)
            synth__collect(ps, kids[i]->code);
    free(kids);
}

static void synth__free_places(struct synth__placeset *ps)
{
    for (int i = 0; i < ps->n; i++)
        free(ps->v[i].streets);
    free(ps->v);
    free(ps->w);
    memset(ps, 0, sizeof *ps);
}

/* Application volume by month (July-August: graduates; March: after the Spring Festival). */
static const uint32_t synth__month_w[12] = {85, 95, 125, 105, 95, 105, 150, 125, 100, 90, 95, 85};

/* The last listed Spring Festival holiday of `year`, or 0. */
static int32_t synth__spring_end(const struct workcal *cal, int year)
{
    struct workcal_entry e[128];
    int n = workcal_entries(cal, year, e, 128);
    int32_t end = 0;
    for (int i = 0; i < n && i < 128; i++)
        if (!e[i].is_workday && strcmp(e[i].name_zh, "春节") == 0 && e[i].day > end)
            end = e[i].day;
    return end;
}

int synth_plan_new(const struct synth_config *cfg, struct synth_plan **out)
{
    *out = NULL;
    int rc = region_validate6(cfg->region);
    if (rc < 0)
        return rc;
    if (!cfg->cal || cfg->from >= cfg->today || cfg->review_workdays < 1 ||
        cfg->review_workdays > 60)
        return -ERR_FIELD_INVALID;
    struct synth_plan *p = xcalloc(1, sizeof *p);
    p->cfg = *cfg;
    synth__collect(&p->local, cfg->region);
    if (p->local.n == 0) {
        synth_plan_free(p);
        return -ERR_REGION_INVALID;
    }
    for (int i = 0; i < SYNTH__PROVINCES; i++) {
        const char *code = synth__provinces[i].code;
        synth__collect(&p->prov[i], code);
        bool own = strncmp(code, cfg->region, 2) == 0;
        p->prov_w[i] = own || p->prov[i].n == 0 ? 0 : synth__provinces[i].pop;
    }

    p->first_day = cfg->from;
    p->n_days = cfg->today - cfg->from;
    for (int ch = 0; ch < SYNTH__CHANNELS; ch++)
        p->cum[ch] = xcalloc((size_t)p->n_days, sizeof(uint64_t));
    int year = 0;
    int32_t spring_end = 0;
    uint64_t sum[SYNTH__CHANNELS] = {0};
    for (int i = 0; i < p->n_days; i++) {
        int32_t day = cfg->from + i;
        int y, m;
        date_to_ymd(day, &y, &m, NULL);
        if (y != year) {
            year = y;
            spring_end = synth__spring_end(cfg->cal, y);
        }
        /* Four weeks after the Spring Festival holiday people change jobs: half as much again. */
        uint64_t w = synth__month_w[m - 1] *
                     (spring_end && day > spring_end && day <= spring_end + 28 ? 3u : 2u);
        bool work = workday_is(cfg->cal, day);
        bool holiday = !work && workcal_lookup(cfg->cal, day, NULL);
        sum[SYNTH_ONLINE] += w * (work ? 4 : holiday ? 1 : 2);
        sum[SYNTH_NATIONAL] += w * (work ? 4 : holiday ? 1 : 2);
        sum[SYNTH_COUNTER] += work ? w * 4 : 0;
        for (int ch = 0; ch < SYNTH__CHANNELS; ch++)
            p->cum[ch][i] = sum[ch];
    }
    *out = p;
    return 0;
}

void synth_plan_free(struct synth_plan *p)
{
    if (!p)
        return;
    synth__free_places(&p->local);
    for (int i = 0; i < SYNTH__PROVINCES; i++)
        synth__free_places(&p->prov[i]);
    for (int ch = 0; ch < SYNTH__CHANNELS; ch++)
        free(p->cum[ch]);
    free(p);
}

int synth_plan_places(const struct synth_plan *p, const char **out, int max)
{
    for (int i = 0; i < p->local.n && i < max; i++)
        out[i] = p->local.v[i].r->code;
    return p->local.n;
}

/* --- slots -------------------------------------------------------------------------------- */

const char *synth_channel_name(enum synth_channel c)
{
    static const char *const names[] = {"online", "counter", "national"};
    return (unsigned)c < SYNTH__CHANNELS ? names[c] : NULL;
}

/* Online submissions by hour of day (China Standard Time). */
static const uint32_t synth__online_hours[24] = {1, 0, 0, 0,  0, 0, 1, 3, 6, 10, 11, 9,
                                                 6, 7, 9, 10, 9, 7, 5, 6, 8, 8,  5,  2};

#define SYNTH__TZ 28800 /* UTC+8 */

void synth_slot(const struct synth_plan *p, uint32_t index, struct synth_slot *out)
{
    static const uint32_t channel_w[SYNTH__CHANNELS] = {6000, 3500, 500};
    struct synth_rng r;
    synth_rng_seed(&r, p->cfg.seed, 1, index);
    int ch = synth_pick(&r, channel_w, SYNTH__CHANNELS);
    if (p->cum[ch][p->n_days - 1] == 0)
        ch = SYNTH_ONLINE; /* no working day in the range: counters were closed throughout */
    const uint64_t *cum = p->cum[ch];
    uint64_t v = synth_below(&r, cum[p->n_days - 1]);
    int lo = 0, hi = p->n_days - 1; /* the first day whose cumulative weight exceeds v */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cum[mid] > v)
            hi = mid;
        else
            lo = mid + 1;
    }
    int64_t sec;
    if (ch == SYNTH_COUNTER) {
        /* 08:30-11:30 and 13:30-17:00 */
        int64_t t = (int64_t)synth_below(&r, (180 + 210) * 60);
        sec = t < 180 * 60 ? 510 * 60 + t : 810 * 60 + (t - 180 * 60);
    } else {
        sec = (int64_t)synth_pick(&r, synth__online_hours, 24) * 3600 +
              (int64_t)synth_below(&r, 3600);
    }
    out->submitted = (int64_t)(p->first_day + lo) * 86400 + sec - SYNTH__TZ;
    out->index = index;
    out->channel = (uint8_t)ch;
}

int synth_slot_order(const void *a, const void *b)
{
    const struct synth_slot *x = a, *y = b;
    if (x->submitted != y->submitted)
        return x->submitted < y->submitted ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* --- people ------------------------------------------------------------------------------- */

const char *synth_dataset_header(enum verify_source s)
{
    static const char *const headers[VERIFY_SRC__COUNT] = {
        "id_number,event_date,issue_region",
        "id_number,event_date,insurance_type,region",
        "id_number,event_date,filing_type,region",
        "id_number,event_date,licence_type,region",
        "id_number,event_date,region",
        "id_number,event_date,region",
        "id_number,event_date,region",
    };
    return (unsigned)s < VERIFY_SRC__COUNT ? headers[s] : NULL;
}

static int32_t synth__month_start(int32_t day)
{
    int y, m;
    date_to_ymd(day, &y, &m, NULL);
    return date_from_ymd(y, m, 1);
}

static int32_t synth__max(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

static int32_t synth__min(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

/* The working state of one person while it is made. */
struct synth__ctx {
    const struct synth_plan *p;
    struct synth_rng r;
    struct synth_person *out;
    int32_t day, birth, since, birth16;
    int age, year, month;
    bool male, mainland, nonlocal;
    const struct synth__place *res, *hukou, *work;
    const struct synth__place *reg; /* where they register */
    const char *basis;              /* and on which basis: hukou, residence, employment, insured */
    int reason;                     /* 10, 20, 32, 50, 60, 70, 90 */
    int contrib_months;
};

static void synth__event(struct synth__ctx *x, enum verify_source src, int32_t day, bool month,
                         const char *kind, const char *region)
{
    struct synth_person *o = x->out;
    if (o->n_events >= SYNTH_MAX_EVENTS)
        return;
    struct synth_event *e = &o->events[o->n_events++];
    e->source = src;
    e->day = month ? synth__month_start(day) : day;
    e->month = month;
    if (kind)
        snprintf(e->extra, sizeof e->extra, "%s,%s", kind, region);
    else
        snprintf(e->extra, sizeof e->extra, "%s", region);
}

static const struct synth__place *synth__pick_place(struct synth_rng *r,
                                                    const struct synth__placeset *ps)
{
    return &ps->v[synth_pick(r, ps->w, ps->n)];
}

static int synth__age(struct synth__ctx *x)
{
    struct synth_rng *r = &x->r;
    switch (x->reason) {
    case 10: {
        static const uint32_t w[] = {10, 40, 30, 12, 8}; /* 21..25 */
        return 21 + synth_pick(r, w, 5);
    }
    case 60:
        return synth_between(r, 20, 35);
    case 50:
        return synth_between(r, 30, 60);
    case 70:
        return synth_between(r, 20, 55);
    default: {
        static const int lo[] = {16, 20, 25, 30, 35, 40, 45, 50, 55, 60};
        static const uint32_t w[] = {15, 90, 170, 180, 170, 140, 110, 75, 40, 10};
        int band = synth_pick(r, w, 10);
        return synth_between(r, lo[band], band == 9 ? 62 : lo[band] + 4);
    }
    }
}

/* A birth day on which someone is exactly `age` on `day`. */
static int32_t synth__birth(struct synth_rng *r, int32_t day, int age)
{
    int32_t latest = date_add_months(day, -12 * age);
    int32_t earliest = date_add_months(day, -12 * (age + 1)) + 1;
    int32_t b = earliest + (int32_t)synth_below(r, (uint64_t)(latest - earliest + 1));
    while (age_on(b, day) > age)
        b++;
    while (age_on(b, day) < age)
        b--;
    return b;
}

static void synth__name(struct synth__ctx *x, const char *ethnicity)
{
    struct synth_rng *r = &x->r;
    char *n = x->out->name;
    size_t sz = sizeof x->out->name;
    if (strcmp(ethnicity, "05") == 0 || strcmp(ethnicity, "17") == 0) {
        const char *own =
            x->male ? SYNTH__ANY(r, synth__turkic_male) : SYNTH__ANY(r, synth__turkic_female);
        snprintf(n, sz, "%s·%s", own, SYNTH__ANY(r, synth__turkic_male));
        return;
    }
    if (strcmp(ethnicity, "04") == 0) {
        const char *a =
            x->male ? SYNTH__ANY(r, synth__tibetan_male) : SYNTH__ANY(r, synth__tibetan_female);
        const char *b =
            x->male ? SYNTH__ANY(r, synth__tibetan_male) : SYNTH__ANY(r, synth__tibetan_female);
        snprintf(n, sz, "%s%s", a, strcmp(a, b) == 0 ? (x->male ? "多吉" : "卓玛") : b);
        return;
    }
    const char *sur = synth__wpick(r, synth__surnames, SYNTH__N(synth__surnames));
    int by;
    date_to_ymd(x->birth, &by, NULL, NULL);
    if (by < 1975 && synth_chance(r, 4000)) {
        snprintf(n, sz, "%s%s", sur,
                 x->male ? SYNTH__ANY(r, synth__given_old_male)
                         : SYNTH__ANY(r, synth__given_old_female));
        return;
    }
    const char *second =
        x->male ? SYNTH__ANY(r, synth__given_male) : SYNTH__ANY(r, synth__given_female);
    if (synth_chance(r, 1200)) {
        snprintf(n, sz, "%s%s", sur, second);
        return;
    }
    const char *first = synth_chance(r, 4000) ? SYNTH__ANY(r, synth__given_neutral)
                        : x->male             ? SYNTH__ANY(r, synth__given_male)
                                              : SYNTH__ANY(r, synth__given_female);
    snprintf(n, sz, "%s%s%s", sur, first, second);
}

/* "北京市东城区" from the display path of a region ("北京市 东城区"). */
static void synth__path(const char *code, char *out, size_t outsz)
{
    char path[160];
    region_path_name(code, path, sizeof path);
    size_t o = 0;
    for (const char *s = path; *s && o + 1 < outsz; s++)
        if (*s != ' ')
            out[o++] = *s;
    out[o] = '\0';
}

static void synth__address(struct synth_rng *r, const struct synth__place *pl, char *out,
                           size_t outsz)
{
    char path[160];
    synth__path(pl->r->code, path, sizeof path);
    const char *street =
        pl->n_streets ? pl->streets[synth_below(r, (uint64_t)pl->n_streets)]->name : "";
    const char *road = SYNTH__ANY(r, synth__roads);
    int no = synth_between(r, 1, 268);
    static const uint32_t shape_w[] = {60, 25, 15};
    switch (synth_pick(r, shape_w, 3)) {
    case 0:
        snprintf(out, outsz, "%s%s%s%d号院%d号楼%d单元%d%02d室", path, street, road, no,
                 synth_between(r, 1, 24), synth_between(r, 1, 6), synth_between(r, 1, 18),
                 synth_between(r, 1, 4));
        break;
    case 1:
        snprintf(out, outsz, "%s%s%s%d号", path, street, road, no);
        break;
    default:
        snprintf(out, outsz, "%s%s%s小区%d号楼%d%02d室", path, street,
                 SYNTH__ANY(r, synth__estates), synth_between(r, 1, 30), synth_between(r, 1, 33),
                 synth_between(r, 1, 6));
        break;
    }
}

/* The province's name without its suffix, for company names: "北京", "河北", "内蒙古". */
static void synth__short_province(const char *code, char *out, size_t outsz)
{
    static const char *const suffixes[] = {"维吾尔自治区", "壮族自治区", "回族自治区", "自治区",
                                           "特别行政区",   "省",         "市"};
    char prov[8];
    snprintf(prov, sizeof prov, "%.2s0000", code);
    const struct region *r = region_find(prov);
    snprintf(out, outsz, "%s", r ? r->name : "");
    size_t n = strlen(out);
    for (int i = 0; i < SYNTH__N(suffixes); i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && strcmp(out + n - k, suffixes[i]) == 0) {
            out[n - k] = '\0';
            return;
        }
    }
}

static void synth__phone(struct synth__ctx *x, const char *id_type)
{
    struct synth_rng *r = &x->r;
    char *ph = x->out->phone;
    size_t sz = sizeof x->out->phone;
    bool abroad = !x->mainland && strcmp(id_type, "hkmotw_residence") != 0 && synth_chance(r, 5000);
    if (abroad && strcmp(id_type, "tw_permit") == 0) {
        snprintf(ph, sz, "+886 9%08d", (int)synth_below(r, 100000000));
    } else if (abroad && x->out->id_number[0] == 'M') {
        snprintf(ph, sz, "+853 6%07d", (int)synth_below(r, 10000000));
    } else if (abroad) {
        static const char *const first[] = {"5", "6", "9"};
        snprintf(ph, sz, "+852 %s%07d", SYNTH__ANY(r, first), (int)synth_below(r, 10000000));
    } else {
        snprintf(ph, sz, "%s%08d", SYNTH__ANY(r, synth__mobile), (int)synth_below(r, 100000000));
    }
}

/*
 * The document: type, number and key, unused so far. Mainland numbers carry the 户籍 county's
 * area; a repeat redraws the birth day (same age) and the sequence number.
 */
static int synth__document(struct synth__ctx *x, struct synth_keys *keys, const char **id_type)
{
    /* resident_id, ssc, 港澳台 residence permit (HK, Macao, Taiwan), HK / Macao travel
     * permit, Taiwan travel permit */
    static const uint32_t kind_w[] = {9580, 200, 60, 15, 25, 70, 15, 35};
    static const char *const types[] = {
        "resident_id",      "ssc",         "hkmotw_residence", "hkmotw_residence",
        "hkmotw_residence", "hkmo_permit", "hkmo_permit",      "tw_permit"};
    static const char *const areas[] = {"", "", "810000", "820000", "830000"};
    struct synth_rng *r = &x->r;
    struct synth_person *o = x->out;
    int kind = synth_pick(r, kind_w, SYNTH__N(kind_w));
    *id_type = types[kind];
    x->mainland = kind <= 1;
    for (int tries = 0; tries < 4000; tries++) {
        if (tries)
            x->birth = synth__birth(r, x->day, x->age);
        int seq = synth_between(r, 1, 999);
        x->male = seq % 2 == 1;
        if (kind <= 4) {
            synth_mainland_number(kind <= 1 ? x->hukou->r->code : areas[kind], x->birth, seq,
                                  o->id_number);
            snprintf(o->person_key, sizeof o->person_key, "C:%s", o->id_number);
        } else if (kind <= 6) {
            snprintf(o->id_number, sizeof o->id_number, "%c%08d", kind == 5 ? 'H' : 'M',
                     (int)synth_below(r, 100000000));
            snprintf(o->person_key, sizeof o->person_key, "H:%s", o->id_number);
            if (synth_chance(r, 3000)) { /* the renewal count, 01-06 */
                o->id_number[9] = '0';
                o->id_number[10] = (char)('0' + synth_between(r, 1, 6));
                o->id_number[11] = '\0';
            }
        } else {
            snprintf(o->id_number, sizeof o->id_number, "%08d", (int)synth_below(r, 100000000));
            snprintf(o->person_key, sizeof o->person_key, "T:%s", o->id_number);
        }
        if (synth_keys_add(keys, o->person_key))
            return 0;
    }
    return -ERR_INTERNAL;
}

static int synth__reason(struct synth__ctx *x)
{
    static const int codes[] = {10, 20, 32, 50, 60, 70, 90};
    uint32_t w[] = {600, 6400, 900, 300, 200, 60, 1540};
    if (x->month == 7 || x->month == 8)
        w[0] = 3600; /* graduates leave school in June-July */
    else if (x->month == 6 || x->month == 9)
        w[0] = 1500;
    return codes[synth_pick(&x->r, w, SYNTH__N(codes))];
}

static void synth__since(struct synth__ctx *x)
{
    struct synth_rng *r = &x->r;
    if (x->reason == 10) {
        /* left school at the end of the last academic year (1 July) */
        x->since = date_from_ymd(x->month >= 7 ? x->year : x->year - 1, 7, 1);
    } else {
        static const int lo[] = {0, 31, 91, 366};
        static const int hi[] = {30, 90, 365, 900};
        static const uint32_t w[] = {45, 25, 22, 8};
        int band = synth_pick(r, w, 4);
        x->since = x->day - synth_between(r, lo[band], hi[band]);
    }
    x->since = synth__max(x->since, x->birth16);
    x->since = synth__min(x->since, x->day);
}

static const char *synth__education(struct synth__ctx *x)
{
    static const struct synth__wstr grad[] = {{"20", 55}, {"30", 33}, {"14", 10}, {"11", 2}};
    static const struct synth__wstr teen[] = {{"70", 45}, {"60", 25}, {"40", 30}};
    static const struct synth__wstr adult[] = {{"80", 30},  {"70", 240}, {"60", 170}, {"40", 160},
                                               {"30", 180}, {"20", 180}, {"14", 35},  {"11", 5}};
    static const struct synth__wstr older[] = {{"80", 80},  {"70", 380}, {"60", 220}, {"40", 120},
                                               {"30", 110}, {"20", 80},  {"14", 10}};
    if (x->reason == 10)
        return synth__wpick(&x->r, grad, SYNTH__N(grad));
    if (x->age < 20)
        return synth__wpick(&x->r, teen, SYNTH__N(teen));
    if (x->age >= 45)
        return synth__wpick(&x->r, older, SYNTH__N(older));
    return synth__wpick(&x->r, adult, SYNTH__N(adult));
}

static long long synth__salary(struct synth_rng *r, const char *edu)
{
    int lo = 3000, hi = 5000;
    if (strcmp(edu, "60") == 0 || strcmp(edu, "40") == 0) {
        lo = 3500;
        hi = 6500;
    } else if (strcmp(edu, "30") == 0) {
        lo = 4000;
        hi = 8000;
    } else if (strcmp(edu, "20") == 0) {
        lo = 5000;
        hi = 12000;
    } else if (strcmp(edu, "14") == 0 || strcmp(edu, "11") == 0) {
        lo = 8000;
        hi = 20000;
    }
    return (long long)synth_between(r, lo / 500, hi / 500) * 500;
}

/* Social security card: almost everyone on the mainland, most 港澳台 residents. */
static void synth__card(struct synth__ctx *x)
{
    struct synth_rng *r = &x->r;
    if (synth_chance(r, x->mainland ? 9700 : 7000)) {
        int32_t lo = synth__max(x->birth + 30, date_from_ymd(2011, 1, 1));
        int32_t hi = x->day - 1;
        lo = synth__min(lo, hi);
        const char *at = x->nonlocal && synth_chance(r, 5000) ? x->hukou->r->code : x->res->r->code;
        synth__event(x, VERIFY_SRC_SSC_HOLDERS, synth_between(r, lo, hi), false, NULL, at);
    }
}

/* Contributions up to the month work ended (sets x->contrib_months); returns the first month
 * contributed, or 0 for none. */
static int32_t synth__contributions(struct synth__ctx *x)
{
    static const int contrib_p[] = {800, 9200, 4500, 1500, 0, 300, 4000}; /* by reason */
    static const int reasons[] = {10, 20, 32, 50, 60, 70, 90};
    struct synth_rng *r = &x->r;
    int rix = 0;
    while (reasons[rix] != x->reason)
        rix++;
    if (!synth_chance(r, contrib_p[rix]))
        return 0;
    static const int lo[] = {3, 6, 12, 24};
    static const int hi[] = {5, 11, 23, 36};
    static const uint32_t w[] = {10, 20, 35, 35};
    int band = synth_pick(r, w, 4);
    int k = synth_between(r, lo[band], hi[band]);
    int32_t last = synth__month_start(x->since);
    if (synth_chance(r, 3000) && date_add_months(last, -1) >= x->birth16)
        last = date_add_months(last, -1);
    while (k > 1 && date_add_months(last, -(k - 1)) < synth__month_start(x->birth16))
        k--;
    for (int j = k - 1; j >= 0; j--)
        synth__event(x, VERIFY_SRC_INSURANCE, date_add_months(last, -j), true, "110",
                     x->work->r->code);
    x->contrib_months = k;
    return date_add_months(last, -(k - 1));
}

/* The employer's filings of the hire and the end (reason 20), or the licence of the business
 * that closed (reason 32), years before. */
static void synth__filings(struct synth__ctx *x, int32_t first_month)
{
    struct synth_rng *r = &x->r;
    const char *work = x->work->r->code;
    if (x->reason == 20 && first_month && synth_chance(r, 8000)) {
        int32_t hire = synth__min(first_month + synth_between(r, 0, 20), x->since);
        synth__event(x, VERIFY_SRC_EMPLOYMENT_FILINGS, hire, false, "hire", work);
        synth__event(x, VERIFY_SRC_EMPLOYMENT_FILINGS, x->since, false, "end", work);
    }
    if (x->reason == 32 && synth_chance(r, 9000)) {
        int32_t lic =
            synth__max(x->since - synth_between(r, 365, 3650), date_add_months(x->birth, 18 * 12));
        lic = synth__min(lic, x->since);
        synth__event(x, VERIFY_SRC_BUSINESS_LICENCES, lic, false,
                     synth_chance(r, 7000) ? "individual" : "company", work);
    }
}

/* A few percent work again after unemployed_since: contradictions for the comparison. Returns
 * the earliest day of that work on record, or 0 for none. */
static int32_t synth__work_again(struct synth__ctx *x)
{
    struct synth_rng *r = &x->r;
    int32_t last_day = x->p->cfg.today - 1;
    const char *work = x->work->r->code;
    int32_t first_after = 0;
    if (!synth_chance(r, 400) || x->since + 5 > last_day)
        return 0;
    int32_t start = x->since + synth_between(r, 5, 150);
    start = synth__min(start, last_day);
    static const uint32_t how_w[] = {45, 20, 25, 10}; /* insurance, filing, both, licence */
    int how = synth_pick(r, how_w, 4);
    if (how == 0 || how == 2) {
        int32_t m = synth__month_start(start);
        if (m <= x->since)
            m = date_add_months(m, 1);
        int n = synth_between(r, 1, 6);
        for (int j = 0; j < n && m <= last_day; j++, m = date_add_months(m, 1)) {
            synth__event(x, VERIFY_SRC_INSURANCE, m, true, "110", work);
            if (!first_after || m < first_after)
                first_after = m;
        }
        if (!first_after)
            how = 1; /* no whole month yet: the hire filing is the record */
    }
    if (how == 1 || how == 2) {
        synth__event(x, VERIFY_SRC_EMPLOYMENT_FILINGS, start, false, "hire", work);
        if (!first_after || start < first_after)
            first_after = start;
    }
    if (how == 3) {
        synth__event(x, VERIFY_SRC_BUSINESS_LICENCES, start, false, "individual", x->res->r->code);
        first_after = start;
    }
    return first_after;
}

/* Pensions (a few older people; some already drew one when they applied: *pension_day, else
 * 0), deaths and custody (very few, after the application). */
static void synth__later_events(struct synth__ctx *x, int32_t *pension_day)
{
    struct synth_rng *r = &x->r;
    int32_t last_day = x->p->cfg.today - 1;
    *pension_day = 0;
    if (x->mainland && x->age >= (x->male ? 55 : 50) && synth_chance(r, 600)) {
        int32_t d = synth__min(x->day + synth_between(r, -400, 200), last_day);
        synth__event(x, VERIFY_SRC_PENSIONS, d, false, NULL, x->hukou->r->code);
        *pension_day = d;
    }
    if (synth_chance(r, 8) && x->day + 20 <= last_day)
        synth__event(x, VERIFY_SRC_DEATHS, synth_between(r, x->day + 20, last_day), false, NULL,
                     x->res->r->code);
    if (synth_chance(r, 10) && x->day + 10 <= last_day)
        synth__event(x, VERIFY_SRC_CUSTODY, synth_between(r, x->day + 10, last_day), false, NULL,
                     x->res->r->code);
}

/* The records of the datasets, drawn in this order; returns the earliest day of work after
 * unemployed_since (an event that contradicts the application), or 0 for none. */
static int32_t synth__records(struct synth__ctx *x, int32_t *pension_day)
{
    synth__card(x);
    int32_t first_month = synth__contributions(x);
    synth__filings(x, first_month);
    int32_t first_after = synth__work_again(x);
    synth__later_events(x, pension_day);
    return first_after;
}

static void synth__outcome(struct synth__ctx *x, int32_t first_after, int32_t pension_day)
{
    static const uint32_t k_w[] = {10, 20, 25, 15, 12, 10, 8}; /* working days taken: 1..7 */
    static const char *const other_reasons[] = {
        "申请人为全日制在校学生，不属于失业登记范围",
        "经电话核实，申请人已实现就业",
        "申请人未按要求补充核实材料，经核实不符合登记条件",
    };
    struct synth_rng *r = &x->r;
    struct synth_person *o = x->out;
    const struct synth_plan *p = x->p;
    int n = p->cfg.review_workdays;
    int k = 1 + synth_pick(r, k_w, n < 7 ? n : 7);
    if (synth_chance(r, 150))
        k = n + synth_between(r, 1, 5); /* decided late */
    int32_t decided_day;
    workday_add(p->cfg.cal, o->accepted_on, k, &decided_day);
    bool forgotten = synth_chance(r, 20); /* still waiting past its deadline */
    if (decided_day >= p->cfg.today || forgotten) {
        o->outcome = SYNTH_PENDING;
        return;
    }
    /* the decision in office hours, after the submission */
    int64_t t =
        (int64_t)decided_day * 86400 - SYNTH__TZ + 9 * 3600 + (int64_t)synth_below(r, 8 * 3600);
    o->decided = t > o->submitted ? t : o->submitted + 3600;
    o->outcome = SYNTH_APPROVED;
    if (first_after && first_after <= decided_day && synth_chance(r, 8500)) {
        o->outcome = SYNTH_REJECTED;
        o->reject_reason = "经信息比对，申请人在登记的失业时间之后有就业或参保缴费记录，"
                           "不符合失业登记条件";
    } else if (pension_day && pension_day <= decided_day && synth_chance(r, 9000)) {
        o->outcome = SYNTH_REJECTED;
        o->reject_reason = "经信息比对，申请人已依法享受基本养老保险待遇，不符合失业登记条件";
    } else if (synth_chance(r, 250)) {
        o->outcome = SYNTH_REJECTED;
        o->reject_reason = SYNTH__ANY(r, other_reasons);
    }
}

static void synth__difficulty(struct synth__ctx *x)
{
    struct synth_person *o = x->out;
    struct synth_rng *r = &x->r;
    const char *cats[8];
    int n = 0;
    if (x->age >= (x->male ? 50 : 40) && synth_chance(r, 6000))
        cats[n++] = "10";
    if (strcmp(o->health, "disabled") == 0)
        cats[n++] = "20";
    if (synth_chance(r, 150))
        cats[n++] = "30";
    if (x->day - x->since >= 365)
        cats[n++] = "40";
    if (synth_chance(r, 60))
        cats[n++] = "50";
    if (x->reason == 50)
        cats[n++] = "60";
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        o->form.difficulty[i] = cats[i];
        json_array_append_new(arr, json_string(cats[i]));
    }
    o->form.n_difficulty = n;
    /* Six two-digit codes take 31 bytes of the 64: the text always fits, as asserted. */
    size_t len = json_dumpb(arr, o->difficulty_json, sizeof o->difficulty_json - 1, JSON_COMPACT);
    UREG_ASSERT(len > 0 && len < sizeof o->difficulty_json);
    if (len == 0 || len >= sizeof o->difficulty_json) { /* release build: no categories */
        o->form.n_difficulty = 0;
        len = 2;
        memcpy(o->difficulty_json, "[]", len);
    }
    o->difficulty_json[len] = '\0';
    json_decref(arr);
}

/* Who the person is: the reason, age and birth, where they live and their 户籍, the document
 * (*id_type), and since when they are unemployed. 0 or synth__document's error. */
static int synth__origin(struct synth__ctx *x, struct synth_keys *keys, const char **id_type)
{
    const struct synth_plan *p = x->p;
    struct synth_rng *r = &x->r;
    x->reason = synth__reason(x);
    x->age = synth__age(x);
    x->birth = synth__birth(r, x->day, x->age);
    x->res = synth__pick_place(r, &p->local);
    x->nonlocal = synth_chance(r, 2000);
    if (x->nonlocal) {
        int pv = synth_pick(r, p->prov_w, SYNTH__PROVINCES);
        x->nonlocal = p->prov_w[pv] != 0; /* a plan over every province has no "elsewhere" */
        x->hukou = x->nonlocal ? synth__pick_place(r, &p->prov[pv]) : x->res;
    } else {
        x->hukou = synth_chance(r, 8000) ? x->res : synth__pick_place(r, &p->local);
    }
    int rc = synth__document(x, keys, id_type);
    if (rc < 0)
        return rc;
    if (!x->mainland)
        x->nonlocal = false;
    x->birth16 = date_add_months(x->birth, 16 * 12);
    synth__since(x);
    return 0;
}

/* Where they register, and on which basis (人社厅发〔2020〕79号); where they last worked. */
static void synth__register(struct synth__ctx *x)
{
    static const char *const bases[] = {"hukou", "residence", "employment", "insured"};
    struct synth_rng *r = &x->r;
    uint32_t basis_w[4] = {0, 70, 15, 15}; /* hukou, residence, employment, insured */
    if (x->mainland && !x->nonlocal)
        basis_w[0] = x->hukou == x->res ? 90 : 30;
    if (x->nonlocal) {
        basis_w[1] = 65;
        basis_w[3] = 20;
    }
    int b = synth_pick(r, basis_w, 4);
    x->basis = bases[b];
    x->work = synth_chance(r, 6000) ? x->res : synth__pick_place(r, &x->p->local);
    x->reg = b == 0 ? x->hukou : b >= 2 ? x->work : x->res;
}

/* The form's identity, address, registration and education fields. */
static void synth__identity(struct synth__ctx *x, const char *id_type)
{
    struct synth_person *out = x->out;
    struct synth_rng *r = &x->r;
    date_format(x->birth, out->birth_date);
    out->sex[0] = x->male ? 'M' : 'F';
    snprintf(out->residence_region, sizeof out->residence_region, "%s", x->res->r->code);
    synth__address(r, x->res, out->residence_address, sizeof out->residence_address);
    snprintf(out->register_region, sizeof out->register_region, "%s", x->reg->r->code);
    snprintf(out->register_basis, sizeof out->register_basis, "%s", x->basis);
    date_format(x->since, out->unemployed_since);
    snprintf(out->unemployment_reason, sizeof out->unemployment_reason, "%d", x->reason);
    const char *ethnicity =
        x->mainland ? synth__wpick(r, synth__ethnicities, SYNTH__N(synth__ethnicities)) : "";
    snprintf(out->ethnicity, sizeof out->ethnicity, "%s", ethnicity);
    synth__name(x, x->mainland ? ethnicity : "01");
    synth__phone(x, id_type);
    snprintf(out->education, sizeof out->education, "%s", synth__education(x));
}

/* The 户籍 fields (mainland documents only). */
static void synth__hukou_fields(struct synth__ctx *x)
{
    static const struct synth__wstr local_t[] = {{"10", 45}, {"30", 40}, {"20", 15}};
    static const struct synth__wstr away_t[] = {{"10", 20}, {"30", 25}, {"20", 55}};
    static const struct synth__wstr land_t[] = {{"20", 70}, {"30", 30}};
    struct synth_person *out = x->out;
    struct synth_rng *r = &x->r;
    if (!x->mainland)
        return;
    const char *t = x->reason == 50 ? synth__wpick(r, land_t, 2)
                    : x->nonlocal   ? synth__wpick(r, away_t, 3)
                                    : synth__wpick(r, local_t, 3);
    snprintf(out->hukou_type, sizeof out->hukou_type, "%s", t);
    snprintf(out->hukou_region, sizeof out->hukou_region, "%s", x->hukou->r->code);
    if (x->hukou == x->res && synth_chance(r, 7000))
        snprintf(out->hukou_address, sizeof out->hukou_address, "%s", out->residence_address);
    else
        synth__address(r, x->hukou, out->hukou_address, sizeof out->hukou_address);
}

/* Health, the last job, skills and certificates, and the job, training and start-up wishes. */
static void synth__work_fields(struct synth__ctx *x)
{
    static const struct synth__wstr health_w[] = {
        {"healthy", 9500}, {"ill", 300}, {"disabled", 200}};
    struct synth_person *out = x->out;
    struct intake_form *f = &out->form;
    struct synth_rng *r = &x->r;
    snprintf(out->health, sizeof out->health, "%s", synth__wpick(r, health_w, SYNTH__N(health_w)));
    if (strcmp(out->health, "disabled") == 0) {
        static const uint32_t grade_w[] = {10, 20, 35, 35};
        out->disability_grade[0] = (char)('1' + synth_pick(r, grade_w, 4));
    }
    char prov_short[32];
    synth__short_province(x->work->r->code, prov_short, sizeof prov_short);
    if (x->reason == 20 || (x->reason == 90 && synth_chance(r, 5000))) {
        snprintf(out->last_employer, sizeof out->last_employer, "%s%s%s%s", prov_short,
                 SYNTH__ANY(r, synth__trade_names), SYNTH__ANY(r, synth__industries),
                 SYNTH__ANY(r, synth__company_forms));
        snprintf(out->last_occupation, sizeof out->last_occupation, "%s",
                 SYNTH__ANY(r, synth__occupations));
    } else if (x->reason == 32) {
        snprintf(out->last_employer, sizeof out->last_employer, "%s%s",
                 SYNTH__ANY(r, synth__trade_names), SYNTH__ANY(r, synth__shops));
        snprintf(out->last_occupation, sizeof out->last_occupation, "个体经营者");
    }
    int occ = (int)synth_below(r, (uint64_t)SYNTH__N(synth__occ_codes));
    bool intent = synth_chance(r, 8000);
    if (synth_chance(r, 3500)) {
        int sk = synth__occ_codes[occ].skill;
        /* most name the skill of the work they look for */
        snprintf(out->skills, sizeof out->skills, "%s",
                 intent && sk >= 0 && synth_chance(r, 6000) ? synth__skills[sk]
                                                            : SYNTH__ANY(r, synth__skills));
    }
    if (synth_chance(r, 2000))
        snprintf(out->certificates, sizeof out->certificates, "%s",
                 SYNTH__ANY(r, synth__certificates));
    f->job_salary_min = -1;
    if (intent) {
        snprintf(out->job_occupation, sizeof out->job_occupation, "%s", synth__occ_codes[occ].code);
        snprintf(out->job_region, sizeof out->job_region, "%s",
                 synth_chance(r, 8000) ? x->reg->r->code : x->res->r->code);
        f->job_salary_min = synth__salary(r, out->education);
    }
    f->training_intent = synth_chance(r, 2500);
    f->startup_intent = synth_chance(r, x->reason == 32 ? 2000 : 600);
}

/* Point the form's strings at the buffers of `out` (no drawing). */
static void synth__link_form(struct synth_person *out, const char *id_type)
{
    struct intake_form *f = &out->form;
    f->id_type = id_type;
    f->id_number = out->id_number;
    f->name = out->name;
    f->phone = out->phone;
    f->residence_region = out->residence_region;
    f->residence_address = out->residence_address;
    f->register_region = out->register_region;
    f->register_basis = out->register_basis;
    f->unemployed_since = out->unemployed_since;
    f->unemployment_reason = out->unemployment_reason;
    f->commitment = true;
    f->sex = out->sex;
    f->birth_date = out->birth_date;
    f->ethnicity = out->ethnicity;
    f->education = out->education;
    f->hukou_type = out->hukou_type;
    f->hukou_region = out->hukou_region;
    f->hukou_address = out->hukou_address;
    f->health = out->health;
    f->disability_grade = out->disability_grade;
    f->last_employer = out->last_employer;
    f->last_occupation = out->last_occupation;
    f->skills = out->skills;
    f->certificates = out->certificates;
    f->job_occupation = out->job_occupation;
    f->job_region = out->job_region;
}

/* The parts below draw from the person's stream in this order; changing it changes every
 * generated population (test_synth and test_gen pin determinism, not the values). */
int synth_person(const struct synth_plan *p, struct synth_keys *keys, const struct synth_slot *s,
                 struct synth_person *out)
{
    memset(out, 0, sizeof *out);
    struct synth__ctx x = {.p = p, .out = out};
    struct synth_rng *r = &x.r;
    synth_rng_seed(r, p->cfg.seed, 2, s->index);
    out->channel = (enum synth_channel)s->channel;
    out->submitted = s->submitted;
    x.day = (int32_t)((s->submitted + SYNTH__TZ) / 86400);
    out->accepted_on = x.day;
    date_to_ymd(x.day, &x.year, &x.month, NULL);

    const char *id_type;
    int rc = synth__origin(&x, keys, &id_type);
    if (rc < 0)
        return rc;
    synth__register(&x);
    synth__identity(&x, id_type);
    synth__hukou_fields(&x);
    synth__work_fields(&x);

    int32_t pension_day;
    int32_t first_after = synth__records(&x, &pension_day);
    out->form.ui_benefit = x.reason == 20 && x.contrib_months >= 12 && synth_chance(r, 5000);
    synth__difficulty(&x);

    int32_t dl = out->accepted_on;
    workday_add(p->cfg.cal, out->accepted_on, p->cfg.review_workdays, &dl);
    out->deadline = dl;
    synth__outcome(&x, first_after, pension_day);
    if (out->channel == SYNTH_NATIONAL) {
        int y, m, d;
        date_to_ymd(out->accepted_on, &y, &m, &d);
        snprintf(out->national_no, sizeof out->national_no, "NP%04d%02d%02d%05d%05d", y, m, d,
                 (int)synth_below(r, 100000), (int)synth_below(r, 100000));
    }
    for (int i = 0; i < SYNTH_QUERY_CODE_SIZE - 1; i++)
        out->query_code[i] = synth__code_alphabet[synth_below(r, sizeof synth__code_alphabet - 1)];
    out->agency_pick = (uint32_t)synth_next(r);
    synth__link_form(out, id_type);
    return 0;
}

/* --- vacancies ---------------------------------------------------------------------------- */

int synth_job(const struct synth_plan *p, uint32_t index, struct synth_job *out)
{
    uint32_t weights[SYNTH__N(synth__occ_codes)];
    static const char *const employers[] = {"有限公司",     "股份有限公司", "商贸有限公司",
                                            "科技有限公司", "服务中心",     "制造有限公司"};
    memset(out, 0, sizeof *out);
    if (p->local.n <= 0)
        return -ERR_FIELD_INVALID;
    for (int i = 0; i < SYNTH__N(synth__occ_codes); i++)
        weights[i] = synth__occ_codes[i].weight;
    struct synth_rng rr, *r = &rr;
    synth_rng_seed(r, p->cfg.seed, 3, index);
    int o = synth_pick(r, weights, SYNTH__N(synth__occ_codes));
    const struct synth__occ *oc = &synth__occ_codes[o];
    snprintf(out->occupation, sizeof out->occupation, "%s", oc->code);
    /* where people live and register: the plan's places by their weight */
    snprintf(out->region, sizeof out->region, "%s", synth__pick_place(r, &p->local)->r->code);
    snprintf(out->title, sizeof out->title, "%s", synth__occupations[o]);
    snprintf(out->employer, sizeof out->employer, "%s%s%s", SYNTH__ANY(r, synth__trade_names),
             SYNTH__ANY(r, synth__industries), SYNTH__ANY(r, employers));
    int lo = synth_between(r, oc->pay_lo, (oc->pay_lo + oc->pay_hi) / 2);
    out->salary_min = lo / 100 * 100;
    out->salary_max = (lo + synth_between(r, lo / 5, lo * 3 / 5)) / 100 * 100;
    out->openings = synth_chance(r, 6000) ? 1 : synth_between(r, 2, 20);
    out->valid_from = p->cfg.today - synth_between(r, 0, 60);
    /* one in twenty has lapsed already: gen's data shows that lapsed vacancies are not offered */
    out->valid_until = synth_chance(r, 500) ? p->cfg.today - synth_between(r, 1, 30)
                                            : p->cfg.today + synth_between(r, 7, 180);
    char *sk = out->skills;
    size_t left = sizeof out->skills;
    if (oc->skill >= 0 && synth_chance(r, 7000))
        snprintf(sk, left, "%s", synth__skills[oc->skill]);
    if (synth_chance(r, 3000)) {
        size_t used = strlen(sk);
        snprintf(sk + used, left - used, "%s%s", used ? "、" : "", SYNTH__ANY(r, synth__skills));
    }
    return 0;
}
