// fuzzfound.test.mjs — what the fuzz harnesses (fuzz/) found, held as black-box tests of the
// real binary, one test per finding (the inputs are in fuzz/corpus/<harness>/ too).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, freshDb, tempDir } from './helpers.mjs';

// fuzz_calendar: `ureg calendar import` stored a make-up working day on a weekday (and names
// with control characters), reported success, and the calendar dropped those rows at every
// start: the operator was told the schedule was loaded while it was not. Now the import checks
// each row by the rules of the shipped file and refuses the file, naming the line.
test('calendar import refuses a make-up working day on a weekday, naming its line', async (t) => {
    const dir = tempDir(t);
    const db = freshDb(dir, 'cal');
    assert.equal((await runCli(['init'], { db })).code, 0);
    const header = 'date,kind,name_zh,name_en\n';
    const cases = [
        ['2027-01-01,holiday,元旦,New Year\n2027-01-06,workday,调休,typo\n', 3],
        ['2027-01-01,holiday,元\u0001旦,New Year\n', 2],
        [`2027-01-01,holiday,${'长'.repeat(40)},New Year\n`, 2],
    ];
    for (const [rows, line] of cases) {
        const file = join(dir, 'bad.csv');
        writeFileSync(file, header + rows);
        const r = await runCli(['calendar', 'import', file], { db });
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /calendar_format/);
        assert.match(r.stderr, new RegExp(`line ${line}\\b`));
    }
    // Nothing was stored: 2027 is still unknown, and 2027-01-06 (a Wednesday) a working day.
    const is = await runCli(['workdays', 'is', '2027-01-06'], { db });
    assert.equal(is.stdout.trim(), 'workday');
    const add = await runCli(['workdays', 'add', '2026-12-31', '1'], { db });
    assert.equal(add.stdout.trim(), '2027-01-01');
    assert.match(add.stderr, /warning/);
});
