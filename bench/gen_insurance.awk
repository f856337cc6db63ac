# gen_insurance.awk — N rows of a social-insurance contribution dataset for the intake bench:
# `awk -v n=10000000 -f bench/gen_insurance.awk > insurance.csv`. Valid GB 11643 numbers from
# areas 110101-110105 (people other than the bench's applicants, whose numbers use other
# sequence ranges), one contribution month each, deterministic.
BEGIN {
    split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
    checks = "10X98765432"
    print "id_number,event_date,employer"
    for (k = 0; k < n; k++) {
        area = 110102 + (k % 4)
        y = 1960 + int(k / 4) % 45
        m = int(k / 180) % 12 + 1
        d = int(k / 2160) % 28 + 1
        s = int(k / 60480) % 1000
        body = sprintf("%06d%04d%02d%02d%03d", area, y, m, d, s)
        sum = 0
        for (i = 1; i <= 17; i++) sum += substr(body, i, 1) * w[i]
        printf "%s%s,%04d-%02d-01,单位%d\n", body, substr(checks, sum % 11 + 1, 1), 2015 + k % 11, k % 12 + 1, k % 9973
    }
}
