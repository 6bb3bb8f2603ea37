import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { PIPELINE_NAMES } from '../pipelines/registry.js';
import { generateLicenseKeyPair, issueLicense } from './issue.js';
import { loadLicenseState } from './load.js';
import { writeTestLicense } from '../../test/license/test-license.js';

const dir = mkdtempSync(join(tmpdir(), 'doclive-license-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function writeTemp(content: string): string {
  const path = join(dir, `file-${fileCount++}`);
  writeFileSync(path, content);
  return path;
}

const vendor = await generateLicenseKeyPair();
const stranger = await generateLicenseKeyPair();
const vendorPublicKey = writeTemp(vendor.publicKeyPem);

async function licenseFile(pipelines: Array<[string, string | null]>): Promise<string> {
  const token = await issueLicense({
    privateKeyPem: vendor.privateKeyPem,
    licensee: 'Example Bank',
    pipelines: pipelines.map(([pipeline, expirationDate]) => ({ pipeline: pipeline as 'vulture-sr', expirationDate })),
  });
  return writeTemp(`${token}\n`);
}

/** Signs an arbitrary payload with the vendor key, bypassing issueLicense's checks (a vendor bug or old tool). */
async function rawLicenseFile(payload: Record<string, unknown>, typ = 'doclive-license+jwt'): Promise<string> {
  const key = await importPKCS8(vendor.privateKeyPem, 'EdDSA');
  return writeTemp(await new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', typ }).setIssuedAt().sign(key));
}

test('without license and key every pipeline is open, with null dates, and never expires', async () => {
  const state = await loadLicenseState({ licensePath: null, publicKeyPath: null });
  for (const pipeline of PIPELINE_NAMES) {
    assert.equal(state.covers(pipeline), true);
    assert.equal(state.expirationDate(pipeline), null);
    assert.equal(state.isExpired(pipeline, '2999-12-31'), false);
  }
});

test('a valid license offers exactly its pipelines and reports their dates', async () => {
  const licensePath = await licenseFile([['vulture-sr', '2027-05-22'], ['woodpecker-pc', null]]);
  const state = await loadLicenseState({ licensePath, publicKeyPath: vendorPublicKey });
  assert.equal(state.covers('vulture-sr'), true);
  assert.equal(state.covers('woodpecker-pc'), true);
  assert.equal(state.covers('robin-pc'), false);
  assert.equal(state.expirationDate('vulture-sr'), '2027-05-22');
  assert.equal(state.expirationDate('woodpecker-pc'), null);
  assert.equal(state.expirationDate('robin-pc'), null);
  assert.equal(state.isExpired('woodpecker-pc', '2999-12-31'), false, 'no date: never expires');
});

test('a pipeline expires the day after its expiration date; the others stay valid', async () => {
  const licensePath = await licenseFile([['vulture-sr', '2026-01-10'], ['hawk-sd', '2027-01-01']]);
  const state = await loadLicenseState({ licensePath, publicKeyPath: vendorPublicKey });
  assert.equal(state.isExpired('vulture-sr', '2026-01-09'), false);
  assert.equal(state.isExpired('vulture-sr', '2026-01-10'), false, 'the expiration day itself is still licensed');
  assert.equal(state.isExpired('vulture-sr', '2026-01-11'), true);
  assert.equal(state.isExpired('hawk-sd', '2026-01-11'), false);
  assert.equal(state.covers('vulture-sr'), true, 'an expired pipeline stays listed');
  assert.equal(state.expirationDate('vulture-sr'), '2026-01-10');
  assert.throws(() => state.isExpired('hawk-sd', '11/01/2026'), /yyyy-MM-dd/);
});

test('a license with one byte of its payload changed is refused', async () => {
  const token = (await issueLicense({ privateKeyPem: vendor.privateKeyPem, licensee: 'Example Bank', pipelines: [{ pipeline: 'vulture-sr', expirationDate: '2027-05-22' }] })).trim();
  const [header, payload, signature] = token.split('.') as [string, string, string];
  for (const position of [0, Math.floor(payload.length / 2), payload.length - 2]) {
    const original = payload[position] as string;
    const changed = payload.slice(0, position) + (original === 'A' ? 'B' : 'A') + payload.slice(position + 1);
    const licensePath = writeTemp([header, changed, signature].join('.'));
    await assert.rejects(loadLicenseState({ licensePath, publicKeyPath: vendorPublicKey }), /is refused/, `byte ${position}`);
  }
});

test('a license whose dates were extended by editing the payload is refused for its signature', async () => {
  const token = (await issueLicense({ privateKeyPem: vendor.privateKeyPem, licensee: 'Example Bank', pipelines: [{ pipeline: 'vulture-sr', expirationDate: '2026-01-01' }] })).trim();
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { pipelines: Array<{ expirationDate: string }> };
  (decoded.pipelines[0] as { expirationDate: string }).expirationDate = '2099-01-01';
  const forged = Buffer.from(JSON.stringify(decoded)).toString('base64url');
  const licensePath = writeTemp([header, forged, signature].join('.'));
  await assert.rejects(loadLicenseState({ licensePath, publicKeyPath: vendorPublicKey }), /signature does not verify/);
});

test('a license signed with another key is refused', async () => {
  const licensePath = await licenseFile([['vulture-sr', '2027-05-22']]);
  const otherKey = writeTemp(stranger.publicKeyPem);
  await assert.rejects(loadLicenseState({ licensePath, publicKeyPath: otherKey }), (error: Error) => {
    assert.match(error.message, new RegExp(`The license file ${licensePath} is refused: its signature does not verify`));
    return true;
  });
});

test('a license without a key, or a key without a license, is refused naming both variables', async () => {
  const licensePath = await licenseFile([['vulture-sr', '2027-05-22']]);
  await assert.rejects(loadLicenseState({ licensePath, publicKeyPath: null }), /IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY/);
  await assert.rejects(loadLicenseState({ licensePath: null, publicKeyPath: vendorPublicKey }), /no license file \(IDLIVEDOC_SERVER_LICENSE\)/);
});

test('unreadable files and keys that are not Ed25519 public keys are refused with the file named', async () => {
  const licensePath = await licenseFile([['vulture-sr', '2027-05-22']]);
  const missing = join(dir, 'missing.jwt');
  await assert.rejects(loadLicenseState({ licensePath: missing, publicKeyPath: vendorPublicKey }), new RegExp(`Cannot read the license file ${missing}`));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  for (const badKey of [rsa, vendor.privateKeyPem, 'not a key']) {
    await assert.rejects(loadLicenseState({ licensePath, publicKeyPath: writeTemp(badKey) }), /is not an Ed25519 public key in PEM/);
  }
  await assert.rejects(loadLicenseState({ licensePath: writeTemp('not a license'), publicKeyPath: vendorPublicKey }), /not a well-formed doclive license/);
});

test('a correctly signed license with a malformed payload is refused saying what is wrong', async () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ licensee: 'X', pipelines: [{ pipeline: 'condor-xx', expirationDate: '2027-01-01' }] }, /"condor-xx"; pipelines are one of \[vulture-sr, /],
    [{ licensee: 'X', pipelines: [{ pipeline: 'default-sr', expirationDate: '2027-01-01' }] }, /"default-sr"; pipelines are one of/],
    [{ licensee: 'X', pipelines: [{ pipeline: 'vulture-sr', expirationDate: '2027-02-30' }] }, /expiration date of vulture-sr .* yyyy-MM-dd/],
    [{ licensee: 'X', pipelines: [{ pipeline: 'vulture-sr', expirationDate: '22.05.2027' }] }, /yyyy-MM-dd/],
    [{ licensee: 'X', pipelines: [{ pipeline: 'vulture-sr', expirationDate: '2027-01-01' }, { pipeline: 'vulture-sr', expirationDate: null }] }, /twice/],
    [{ licensee: 'X', pipelines: [] }, /lists no pipelines/],
    [{ pipelines: [{ pipeline: 'vulture-sr', expirationDate: '2027-01-01' }] }, /no licensee/],
  ];
  for (const [payload, expected] of cases) {
    await assert.rejects(loadLicenseState({ licensePath: await rawLicenseFile(payload), publicKeyPath: vendorPublicKey }), expected, JSON.stringify(payload));
  }
});

test('a JWT signed by the vendor key but not typed as a doclive license is refused', async () => {
  const licensePath = await rawLicenseFile({ licensee: 'X', pipelines: [{ pipeline: 'vulture-sr', expirationDate: '2027-01-01' }] }, 'JWT');
  await assert.rejects(loadLicenseState({ licensePath, publicKeyPath: vendorPublicKey }), /not a doclive license/);
});

test('the test fixture helper writes a license the server accepts', async () => {
  const fixture = await writeTestLicense({ 'vulture-sr': '2027-05-22', 'xenops-ps': '2020-01-01' });
  try {
    const state = await loadLicenseState({ licensePath: fixture.licensePath, publicKeyPath: fixture.publicKeyPath });
    assert.equal(state.expirationDate('vulture-sr'), '2027-05-22');
    assert.equal(state.isExpired('xenops-ps', '2026-11-27'), true);
    assert.equal(state.covers('hawk-sd'), false);
  } finally {
    rmSync(fixture.dir, { recursive: true, force: true });
  }
});
