import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDigit, mrzText, td1, td3 } from './mrz.js';

// Specimens printed in ICAO Doc 9303 part 4 (TD3, Anna Maria Eriksson) and part 5 (TD1).
test('TD3 reproduces the ICAO 9303 part 4 specimen', () => {
  const [l1, l2] = td3({
    documentCode: 'P', issuer: 'UTO', surname: 'Eriksson', givenNames: 'Anna María', documentNumber: 'L898902C3',
    nationality: 'UTO', birthDate: '740812', sex: 'F', expiryDate: '120415', optional: 'ZE184226B',
  });
  assert.equal(l1, 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<');
  assert.equal(l2, 'L898902C36UTO7408122F1204159ZE184226B<<<<<10');
});

test('TD1 reproduces the ICAO 9303 part 5 specimen', () => {
  const lines = td1({
    documentCode: 'I', issuer: 'UTO', surname: 'Eriksson', givenNames: 'Anna Maria', documentNumber: 'D23145890',
    nationality: 'UTO', birthDate: '740812', sex: 'F', expiryDate: '120415', optional: '',
  });
  assert.deepEqual(lines, [
    'I<UTOD231458907<<<<<<<<<<<<<<<',
    '7408122F1204159UTO<<<<<<<<<<<6',
    'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
  ]);
});

test('check digits follow weights 7-3-1 with letters A=10..Z=35 and < = 0', () => {
  assert.equal(checkDigit('L898902C3'), '6');
  assert.equal(checkDigit('740812'), '2');
  assert.equal(checkDigit('120415'), '9');
  assert.equal(checkDigit('<<<'), '0');
  assert.equal(checkDigit('A'), '0'); // 10*7 = 70
  assert.equal(checkDigit('Z'), '5'); // 35*7 = 245
});

test('MRZ text transliterates and rejects bad input with a clear message', () => {
  assert.equal(mrzText("Jean-Luc O'Neill Müller"), 'JEAN<LUC<O<NEILL<MULLER');
  assert.throws(() => checkDigit('a'), /not allowed.*accepted/);
  assert.throws(
    () => td3({ documentCode: 'P', issuer: 'UT', surname: 'X', givenNames: 'Y', documentNumber: '1', nationality: 'UTO',
      birthDate: '740812', sex: 'F', expiryDate: '120415', optional: '' }),
    /issuer must be 3 letters/,
  );
});
