// ICAO 9303 machine readable zone: check digits and the TD1 (cards, 3 x 30) and TD3 (passports, 2 x 44) formats.

export interface MrzPerson {
  /** Document code, e.g. "P" or "I", "ID", "IR" (one or two characters). */
  readonly documentCode: string;
  /** Issuing state, 3 letters (ICAO code or a fictional one such as UTO). */
  readonly issuer: string;
  readonly surname: string;
  readonly givenNames: string;
  readonly documentNumber: string;
  readonly nationality: string;
  /** YYMMDD */
  readonly birthDate: string;
  readonly sex: 'M' | 'F' | '<';
  /** YYMMDD */
  readonly expiryDate: string;
  /** Personal number / optional data ("" when none). */
  readonly optional: string;
}

function charValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  if (c === '<') return 0;
  throw new Error(`MRZ: character "${c}" is not allowed (accepted: 0-9, A-Z, <)`);
}

/** Check digit of ICAO 9303 part 3 section 4.9: weights 7, 3, 1 repeating, sum modulo 10. */
export function checkDigit(field: string): string {
  const weights = [7, 3, 1] as const;
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += charValue(field[i] as string) * (weights[i % 3] as number);
  return String(sum % 10);
}

/** Upper-cases, transliterates common Latin diacritics, turns spaces, hyphens and apostrophes into '<'. */
export function mrzText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'SS')
    .replace(/Æ/gi, 'AE')
    .replace(/Ø/gi, 'O')
    .toUpperCase()
    .replace(/[\s\-',.]+/g, '<')
    .replace(/[^A-Z0-9<]/g, '');
}

function pad(text: string, length: number): string {
  if (text.length > length) return text.slice(0, length);
  return text + '<'.repeat(length - text.length);
}

function nameField(surname: string, givenNames: string, length: number): string {
  return pad(`${mrzText(surname)}<<${mrzText(givenNames)}`, length);
}

function assertDate(value: string, what: string): void {
  if (!/^\d{6}$/.test(value)) throw new Error(`MRZ: ${what} must be YYMMDD (6 digits), got "${value}"`);
}

function assertCode(value: string, what: string): void {
  if (!/^[A-Z<]{3}$/.test(value)) throw new Error(`MRZ: ${what} must be 3 letters A-Z or '<', got "${value}"`);
}

function validate(p: MrzPerson): void {
  if (!/^[A-Z][A-Z<]?$/.test(p.documentCode)) throw new Error(`MRZ: document code must be 1-2 letters, got "${p.documentCode}"`);
  assertCode(p.issuer, 'issuer');
  assertCode(p.nationality, 'nationality');
  assertDate(p.birthDate, 'birth date');
  assertDate(p.expiryDate, 'expiry date');
  if (!/^[A-Z0-9<]{1,9}$/.test(p.documentNumber)) {
    throw new Error(`MRZ: document number must be 1-9 characters A-Z, 0-9 or '<', got "${p.documentNumber}"`);
  }
}

/** TD3 (passport data page): two lines of 44 characters. */
export function td3(p: MrzPerson): [string, string] {
  validate(p);
  const line1 = pad(`${pad(p.documentCode, 2)}${p.issuer}${nameField(p.surname, p.givenNames, 39)}`, 44);
  const number = pad(p.documentNumber, 9);
  const optional = pad(mrzText(p.optional), 14);
  const optionalCheck = /^<+$/.test(optional) ? '<' : checkDigit(optional);
  const body =
    number + checkDigit(number) + p.nationality + p.birthDate + checkDigit(p.birthDate) + p.sex + p.expiryDate +
    checkDigit(p.expiryDate) + optional + optionalCheck;
  const composite = body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43);
  return [line1, body + checkDigit(composite)];
}

/** TD1 (ID-1 card): three lines of 30 characters. */
export function td1(p: MrzPerson): [string, string, string] {
  validate(p);
  const number = pad(p.documentNumber, 9);
  const line1 = pad(`${pad(p.documentCode, 2)}${p.issuer}${number}${checkDigit(number)}${pad(mrzText(p.optional), 15)}`, 30);
  const line2Body =
    p.birthDate + checkDigit(p.birthDate) + p.sex + p.expiryDate + checkDigit(p.expiryDate) + p.nationality + '<'.repeat(11);
  const composite = line1.slice(5, 30) + line2Body.slice(0, 7) + line2Body.slice(8, 15) + line2Body.slice(18, 29);
  const line2 = line2Body + checkDigit(composite);
  const line3 = nameField(p.surname, p.givenNames, 30);
  return [line1, line2, line3];
}
