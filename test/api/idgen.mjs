// idgen.mjs — valid GB 11643 numbers for tests, computed independently of the server.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

// The check character of 17 digits.
export function checkChar(body17) {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
    return CHECK[sum % 11];
}

// An 18-character number: area (6 digits), birth 'YYYY-MM-DD', sequence 1..999 (odd male).
export function idNumber(area, birth, seq) {
    const body = `${area}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return body + checkChar(body);
}

let counter = 0;
// A fresh adult person's number, unique within the test process.
export function freshId(area = '110101', birth = '1990-05-17') {
    counter += 1;
    return idNumber(area, birth, (counter * 2 + 1) % 1000 || 1);
}

// A valid 附件1 form for the person with document number `id` registering in 东城区 (110101),
// with `over` laid over it: the one form the tests submit.
export function formFor(id, over = {}) {
    return {
        id_type: 'resident_id',
        id_number: id,
        name: '王小明',
        phone: '13812345678',
        residence_region: '110101',
        residence_address: '北京市东城区东华门街道示例胡同1号',
        register_region: '110101',
        register_basis: 'residence',
        unemployed_since: '2026-01-15',
        unemployment_reason: '20',
        commitment: true,
        ...over,
    };
}
