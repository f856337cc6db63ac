// totp.mjs — RFC 6238 (HMAC-SHA-1, 30 s, 6 digits) for the tests, written from the RFC
// (staff.test.mjs holds it to the RFC's appendix B vectors).

import { createHmac } from 'node:crypto';

// The bytes of a base32 (RFC 4648, no padding needed) secret.
export function base32(s) {
    const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const ch of s.replace(/=+$/, '')) bits += alpha.indexOf(ch).toString(2).padStart(5, '0');
    const out = [];
    for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
    return Buffer.from(out);
}

// The code of base32 `secret` at Unix time t, `drift` steps of 30 s later.
export function totp(secret, t, drift = 0) {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(BigInt(Math.floor(t / 30) + drift));
    const mac = createHmac('sha1', base32(secret)).update(msg).digest();
    const off = mac[19] & 15;
    return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// startServer's default clock (UREG_NOW 2026-03-02, China Standard Time) as Unix time.
export const T0 = Date.parse('2026-03-02T00:00:00+08:00') / 1000;
