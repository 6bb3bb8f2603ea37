// Random but plausible personal data for a synthetic document: fictional issuing states (no real state's documents
// are imitated), names from several European languages, dates relative to a fixed reference day (never the clock,
// so output depends on the seed alone), document numbers in the family's pattern.
import type { Rng } from '../rng.js';

export type Language = 'en' | 'fr' | 'es' | 'de' | 'it' | 'pt' | 'nl' | 'pl' | 'sv';

export interface IssuingState {
  readonly code: string;
  /** Name in the state's two languages (first = primary). */
  readonly names: readonly [string, string];
  readonly languages: readonly [Language, Language];
  readonly nationality: readonly [string, string];
  readonly cities: readonly string[];
}

export const STATES: readonly IssuingState[] = [
  { code: 'UTO', names: ['REPUBLIC OF UTOPIA', "RÉPUBLIQUE D'UTOPIE"], languages: ['en', 'fr'], nationality: ['UTOPIAN', 'UTOPIENNE'], cities: ['Utopolis', 'Kesteren', 'Marvale', 'Ostbury'] },
  { code: 'NRV', names: ['KONINKRIJK NORAVIË', 'KINGDOM OF NORAVIA'], languages: ['nl', 'en'], nationality: ['NORAVISCH', 'NORAVIAN'], cities: ['Havendam', 'Zuidweerd', 'Lindhoven'] },
  { code: 'ZRB', names: ['REPÚBLICA DE ZARBELA', 'REPUBLIC OF ZARBELA'], languages: ['es', 'en'], nationality: ['ZARBELEÑA', 'ZARBELAN'], cities: ['San Aurelio', 'Valdemora', 'Puerto Lisa'] },
  { code: 'KVL', names: ['BUNDESREPUBLIK KAVELLAND', 'FEDERAL REPUBLIC OF KAVELLAND'], languages: ['de', 'en'], nationality: ['KAVELLÄNDISCH', 'KAVELLANDER'], cities: ['Altenbrück', 'Kesselheim', 'Ostmark'] },
  { code: 'ARD', names: ['REPUBBLICA DI ARDENZA', 'RÉPUBLIQUE D’ARDENZE'], languages: ['it', 'fr'], nationality: ['ARDENZANA', 'ARDENZAISE'], cities: ['Montevallo', 'Sanfiora', 'Belcastro'] },
  { code: 'LUS', names: ['REPÚBLICA DA LUSÂNIA', 'REPUBLIC OF LUSANIA'], languages: ['pt', 'en'], nationality: ['LUSANA', 'LUSANIAN'], cities: ['Porto Velho', 'Almara', 'Santa Irene'] },
  { code: 'PLV', names: ['RZECZPOSPOLITA POLAVII', 'REPUBLIC OF POLAVIA'], languages: ['pl', 'en'], nationality: ['POLAWSKIE', 'POLAVIAN'], cities: ['Wysogród', 'Brzeziny', 'Kamieniec'] },
  { code: 'SVD', names: ['KONUNGARIKET SVEDLAND', 'KINGDOM OF SVEDLAND'], languages: ['sv', 'en'], nationality: ['SVEDLÄNDSK', 'SVEDLANDIC'], cities: ['Norrvik', 'Åsby', 'Sjöholm'] },
];

export type FieldKey =
  | 'surname' | 'givenNames' | 'nationality' | 'birthDate' | 'sex' | 'birthPlace' | 'issueDate' | 'expiryDate'
  | 'authority' | 'documentNumber' | 'personalNumber' | 'type' | 'code' | 'signature' | 'height';

const LABELS: Readonly<Record<Language, Readonly<Record<FieldKey, string>>>> = {
  en: { surname: 'Surname', givenNames: 'Given names', nationality: 'Nationality', birthDate: 'Date of birth', sex: 'Sex', birthPlace: 'Place of birth', issueDate: 'Date of issue', expiryDate: 'Date of expiry', authority: 'Authority', documentNumber: 'Document No.', personalNumber: 'Personal No.', type: 'Type', code: 'Code', signature: "Holder's signature", height: 'Height' },
  fr: { surname: 'Nom', givenNames: 'Prénoms', nationality: 'Nationalité', birthDate: 'Date de naissance', sex: 'Sexe', birthPlace: 'Lieu de naissance', issueDate: 'Date de délivrance', expiryDate: "Date d'expiration", authority: 'Autorité', documentNumber: 'N° du document', personalNumber: 'N° personnel', type: 'Type', code: 'Code', signature: 'Signature du titulaire', height: 'Taille' },
  es: { surname: 'Apellidos', givenNames: 'Nombre', nationality: 'Nacionalidad', birthDate: 'Fecha de nacimiento', sex: 'Sexo', birthPlace: 'Lugar de nacimiento', issueDate: 'Fecha de expedición', expiryDate: 'Válido hasta', authority: 'Autoridad', documentNumber: 'Núm. soporte', personalNumber: 'DNI', type: 'Tipo', code: 'Código', signature: 'Firma del titular', height: 'Estatura' },
  de: { surname: 'Name', givenNames: 'Vornamen', nationality: 'Staatsangehörigkeit', birthDate: 'Geburtstag', sex: 'Geschlecht', birthPlace: 'Geburtsort', issueDate: 'Ausstellungsdatum', expiryDate: 'Gültig bis', authority: 'Behörde', documentNumber: 'Dokumentennummer', personalNumber: 'Personennummer', type: 'Typ', code: 'Kode', signature: 'Unterschrift', height: 'Größe' },
  it: { surname: 'Cognome', givenNames: 'Nome', nationality: 'Cittadinanza', birthDate: 'Data di nascita', sex: 'Sesso', birthPlace: 'Luogo di nascita', issueDate: 'Data di rilascio', expiryDate: 'Scadenza', authority: 'Autorità', documentNumber: 'N. documento', personalNumber: 'Codice fiscale', type: 'Tipo', code: 'Codice', signature: 'Firma del titolare', height: 'Statura' },
  pt: { surname: 'Apelido', givenNames: 'Nome próprio', nationality: 'Nacionalidade', birthDate: 'Data de nascimento', sex: 'Sexo', birthPlace: 'Local de nascimento', issueDate: 'Data de emissão', expiryDate: 'Data de validade', authority: 'Autoridade', documentNumber: 'N.º documento', personalNumber: 'N.º identificação', type: 'Tipo', code: 'Código', signature: 'Assinatura do titular', height: 'Altura' },
  nl: { surname: 'Naam', givenNames: 'Voornamen', nationality: 'Nationaliteit', birthDate: 'Geboortedatum', sex: 'Geslacht', birthPlace: 'Geboorteplaats', issueDate: 'Datum van afgifte', expiryDate: 'Geldig tot', authority: 'Autoriteit', documentNumber: 'Documentnummer', personalNumber: 'Persoonsnummer', type: 'Soort', code: 'Code', signature: 'Handtekening houder', height: 'Lengte' },
  pl: { surname: 'Nazwisko', givenNames: 'Imiona', nationality: 'Obywatelstwo', birthDate: 'Data urodzenia', sex: 'Płeć', birthPlace: 'Miejsce urodzenia', issueDate: 'Data wydania', expiryDate: 'Termin ważności', authority: 'Organ wydający', documentNumber: 'Numer dokumentu', personalNumber: 'Numer PESEL', type: 'Typ', code: 'Kod', signature: 'Podpis posiadacza', height: 'Wzrost' },
  sv: { surname: 'Efternamn', givenNames: 'Förnamn', nationality: 'Medborgarskap', birthDate: 'Födelsedatum', sex: 'Kön', birthPlace: 'Födelseort', issueDate: 'Utfärdandedatum', expiryDate: 'Giltig till', authority: 'Myndighet', documentNumber: 'Dokumentnummer', personalNumber: 'Personnummer', type: 'Typ', code: 'Kod', signature: 'Innehavarens namnteckning', height: 'Längd' },
};

export function label(key: FieldKey, languages: readonly [Language, Language]): string {
  return `${LABELS[languages[0]][key]} / ${LABELS[languages[1]][key]}`;
}

const SURNAMES = [
  'Eriksson', 'Van der Berg', 'García López', 'Müller', 'Rossi', 'Ferreira', 'Kowalska', 'Lindqvist', 'Dubois', 'Janssen',
  'Moreau', 'Schneider', 'Bianchi', 'Nowak', 'Santos', 'Olsen', 'Martínez', 'De Vries', 'Hoffmann', 'Conti', 'Lefèvre',
  'Wiśniewska', 'Almeida', 'Johansson', 'Fischer', 'Marino', 'Bakker', 'Rodríguez Vega', 'Laurent', 'Weber', 'Sousa',
  'Andersson', 'Costa', 'Lewandowska', 'Petit', 'Visser', 'Romano', 'Becker', 'Navarro', "O'Connor",
];
const FEMALE = ['Anna', 'Maria', 'Sofia', 'Elena', 'Julia', 'Camille', 'Lucía', 'Eva', 'Ingrid', 'Chiara', 'Inês', 'Zofia', 'Emma', 'Lena', 'Clara', 'Marta', 'Louise', 'Sanne', 'Giulia', 'Astrid', 'Beatriz', 'Hanna', 'Noor', 'Amélie'];
const MALE = ['Lukas', 'Jan', 'Pierre', 'Marco', 'João', 'Piotr', 'Erik', 'Daniel', 'Thomas', 'Pablo', 'Matteo', 'Sven', 'Hugo', 'Tomasz', 'Ruben', 'Felix', 'Vladimir', 'Nils'];
const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  en: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  fr: ['JANV', 'FÉVR', 'MARS', 'AVR', 'MAI', 'JUIN', 'JUIL', 'AOÛT', 'SEPT', 'OCT', 'NOV', 'DÉC'],
  es: ['ENE', 'FEB', 'MAR', 'ABR', 'MAY', 'JUN', 'JUL', 'AGO', 'SEP', 'OCT', 'NOV', 'DIC'],
  de: ['JAN', 'FEB', 'MÄR', 'APR', 'MAI', 'JUN', 'JUL', 'AUG', 'SEP', 'OKT', 'NOV', 'DEZ'],
  it: ['GEN', 'FEB', 'MAR', 'APR', 'MAG', 'GIU', 'LUG', 'AGO', 'SET', 'OTT', 'NOV', 'DIC'],
  pt: ['JAN', 'FEV', 'MAR', 'ABR', 'MAI', 'JUN', 'JUL', 'AGO', 'SET', 'OUT', 'NOV', 'DEZ'],
  nl: ['JAN', 'FEB', 'MRT', 'APR', 'MEI', 'JUN', 'JUL', 'AUG', 'SEP', 'OKT', 'NOV', 'DEC'],
  pl: ['STY', 'LUT', 'MAR', 'KWI', 'MAJ', 'CZE', 'LIP', 'SIE', 'WRZ', 'PAŹ', 'LIS', 'GRU'],
  sv: ['JAN', 'FEB', 'MAR', 'APR', 'MAJ', 'JUN', 'JUL', 'AUG', 'SEP', 'OKT', 'NOV', 'DEC'],
};

export type DateStyle = 'dots' | 'slashes' | 'iso' | 'months' | 'spaces';

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Reference "today" of the lab, fixed so output depends on the seed only. */
const REFERENCE = { year: 2026, month: 6, day: 1 } as const;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function randomDate(rng: Rng, fromYear: number, toYear: number): CivilDate {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  return { year, month, day: rng.int(1, daysIn(year, month)) };
}

export function yymmdd(d: CivilDate): string {
  return `${String(d.year % 100).padStart(2, '0')}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;
}

export function formatDate(d: CivilDate, style: DateStyle, languages: readonly [Language, Language]): string {
  const dd = String(d.day).padStart(2, '0');
  const mm = String(d.month).padStart(2, '0');
  switch (style) {
    case 'dots': return `${dd}.${mm}.${d.year}`;
    case 'slashes': return `${dd}/${mm}/${d.year}`;
    case 'iso': return `${d.year}-${mm}-${dd}`;
    case 'spaces': return `${dd} ${mm} ${d.year}`;
    case 'months': {
      const a = MONTHS[languages[0]][d.month - 1] ?? '';
      const b = MONTHS[languages[1]][d.month - 1] ?? '';
      return `${dd} ${a === b ? a : `${a}/${b}`} ${String(d.year % 100).padStart(2, '0')}`;
    }
  }
}

export interface Person {
  readonly surname: string;
  readonly givenNames: string;
  readonly sex: 'M' | 'F';
  readonly birth: CivilDate;
  readonly issue: CivilDate;
  readonly expiry: CivilDate;
  readonly birthPlace: string;
  readonly documentNumber: string;
  readonly personalNumber: string;
  readonly heightCm: number;
}

/** Document number from a pattern: A = letter, 9 = digit, X = either (letters I and O are avoided, as many states do). */
export function documentNumber(rng: Rng, pattern: string): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  let out = '';
  for (const c of pattern) {
    if (c === 'A') out += letters[rng.int(0, letters.length - 1)];
    else if (c === '9') out += String(rng.int(0, 9));
    else if (c === 'X') out += rng.bool(0.3) ? letters[rng.int(0, letters.length - 1)] : String(rng.int(0, 9));
    else out += c;
  }
  return out;
}

export function randomPerson(rng: Rng, state: IssuingState, sex: 'M' | 'F', numberPattern: string, validityYears: number): Person {
  const given = sex === 'F' ? FEMALE : MALE;
  const givenNames = rng.bool(0.35) ? `${rng.pick(given)} ${rng.pick(given)}` : rng.pick(given);
  const birth = randomDate(rng, 1952, 2006);
  const issue = randomDate(rng, REFERENCE.year - validityYears + 1, REFERENCE.year - 1);
  // Valid for validityYears, ending the day before the anniversary of issue.
  const end = new Date(Date.UTC(issue.year + validityYears, issue.month - 1, issue.day - 1));
  const expiry = { year: end.getUTCFullYear(), month: end.getUTCMonth() + 1, day: end.getUTCDate() };
  return {
    surname: rng.pick(SURNAMES),
    givenNames,
    sex,
    birth,
    issue,
    expiry,
    birthPlace: rng.pick(state.cities),
    documentNumber: documentNumber(rng, numberPattern),
    personalNumber: documentNumber(rng, '99999999999').slice(0, rng.int(9, 11)),
    heightCm: rng.int(152, 195),
  };
}
