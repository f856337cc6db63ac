# gen_applicants.awk — the social-security-card holder rows of the first n applicants that
# bench/intake.lua submits (the same numbers, computed the same way), so that identity checks
# find them as they would in a province whose card registry is loaded:
# `awk -v n=300000 -f bench/gen_applicants.awk > ssc_holders.csv`.
BEGIN {
    split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
    checks = "10X98765432"
    print "id_number,event_date"
    for (k = 0; k < n; k++) {
        b = k % 14784
        body = sprintf("110101%04d%02d%02d%03d", 1962 + int(b / 336) % 44, int(b / 28) % 12 + 1,
                       b % 28 + 1, int(k / 14784) % 1000)
        sum = 0
        for (i = 1; i <= 17; i++) sum += substr(body, i, 1) * w[i]
        printf "%s%s,2015-06-01\n", body, substr(checks, sum % 11 + 1, 1)
    }
}
