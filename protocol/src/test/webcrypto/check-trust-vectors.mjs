// Checks protocol/src/test/resources/trust-vectors.json with WebCrypto (issue 15): node check-trust-vectors.mjs <file>.
// Prints true for each check, and the tokens WebCrypto signs (kept once as signedByWebCrypto; Java verifies them).
import { readFileSync } from 'node:fs';
const { subtle } = globalThis.crypto;
const v = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const b64u = s => Uint8Array.from(Buffer.from(s, 'base64url'));
const enc = new TextEncoder();
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' };
const pub = await subtle.importKey('spki', b64u(v.device.spki), ecdsa, true, ['verify']);
const priv = await subtle.importKey('pkcs8', b64u(v.device.pkcs8), ecdsa, false, ['sign']);
const privJwk = await subtle.importKey('jwk', v.device.jwk, ecdsa, false, ['sign']);
const id = Buffer.from((await subtle.digest('SHA-256', b64u(v.device.spki)))).subarray(0, 16).toString('base64url');
console.log('deviceId', id === v.device.deviceId);
for (const k of ['grant', 'command', 'revocation']) {
  const [, p, s] = v[k].token.split('.');
  const ok = await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, b64u(s), b64u(p));
  console.log(k, 'verifies', ok, 'payload', Buffer.from(b64u(p)).toString('utf8') === v[k].payload);
  const sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privJwk, enc.encode(v[k].payload));
  console.log(k + '-js', v[k].token.split('.')[0] + '.' + Buffer.from(enc.encode(v[k].payload)).toString('base64url') + '.' + Buffer.from(sig).toString('base64url'));
}
const hmac = async (key, msg) => {
  const k = await subtle.importKey('raw', enc.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Buffer.from(await subtle.sign('HMAC', k, enc.encode(msg))).toString('base64url');
};
console.log('proof', (await hmac(v.bind.secret, v.bind.proofMessage)) === v.bind.proof);
console.log('replyMac', (await hmac(v.bind.secret, v.bind.replyMessage)) === v.bind.replyMac);
const agree = await subtle.importKey('pkcs8', b64u(v.agree.pkcs8), { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
const sealed = b64u(v.bind.sealedVisitorSecret);
const eph = await subtle.importKey('raw', sealed.subarray(0, 65), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
const shared = await subtle.deriveBits({ name: 'ECDH', public: eph }, agree, 256);
const ikm = await subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
const aes = await subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: enc.encode(v.bind.sealInfo) }, ikm, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
const plain = await subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(65, 77) }, aes, sealed.subarray(77));
console.log('opens', new TextDecoder().decode(plain) === v.bind.visitorSecret);
