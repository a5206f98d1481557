import countries from 'world-countries';

import { nameKey } from './names';

/** One country of the dataset, reduced to what linking needs. */
export interface CountryRecord {
  isoCode: string;
  name: string;
  officialName: string;
  /** Names in other languages and spellings (for aliases and lookups), without the bare ISO codes. */
  altNames: string[];
  demonyms: string[];
  capitals: string[];
  /** A sovereign state (the dataset's `independent`), preferred when a demonym also names a territory. */
  independent: boolean;
}

/**
 * Spellings English news uses that the dataset does not list (or lists only as bare codes, which
 * are ignored because "IN", "IT" and "NO" are words). Abbreviations are matched case-sensitively.
 */
const EXTRA_NAMES: Record<string, string[]> = {
  US: ['U.S.', 'U.S.A.', 'USA', 'US', 'America'],
  GB: ['Britain', 'U.K.', 'UK'],
  CN: ['PRC', 'Mainland China'],
  KP: ['DPRK'],
  KR: ['ROK', 'Korea, South'],
  TR: ['Turkey'],
  CD: ['DRC'],
  AE: ['UAE', 'U.A.E.', 'Emirates'],
  NL: ['Holland'],
  CZ: ['Czech Republic'],
  MM: ['Burma'],
  CI: ['Ivory Coast'],
  SZ: ['Swaziland'],
  MK: ['Macedonia'],
  CV: ['Cape Verde'],
  VA: ['Vatican'],
};
/** Demonyms and plural nouns for peoples the dataset does not spell out. */
const EXTRA_DEMONYMS: Record<string, string[]> = {
  PL: ['Poles'],
  FI: ['Finns'],
  SE: ['Swedes'],
  TR: ['Turks'],
  GB: ['Brits', 'Britons'],
  DK: ['Danes'],
  SA: ['Saudi', 'Saudis'],
  PH: ['Philippine'],
  NL: ['Dutch'],
  CN: ['Chinese'],
  JP: ['Japanese'],
  VN: ['Vietnamese'],
  ES: ['Spaniards'],
  NZ: ['New Zealander', 'Kiwi'],
  KP: ['North Koreans'],
  KR: ['South Koreans'],
  US: ['Americans'],
  KZ: ['Kazakh'],
};
/** Capitals as news names them when the dataset differs. */
const EXTRA_CAPITALS: Record<string, string[]> = { US: ['Washington'], IN: ['Delhi'], UA: ['Kiev'] };
/** Codes allowed as all-caps abbreviations (others collide with words or are rare in news). */
const ABBREVIATION = /^(?:[A-Z]\.){2,}$|^[A-Z]{2,5}$/;

function build(): CountryRecord[] {
  return countries.map((country) => {
    const iso = country.cca2;
    const translations = Object.values(country.translations ?? {}).flatMap((t) => [t.common, t.official]);
    const natives = Object.values(country.name.native ?? {}).flatMap((t) => [t.common, t.official]);
    const alt = [...country.altSpellings.filter((s) => !/^[A-Z]{2,3}$/.test(s)), ...translations, ...natives, ...(EXTRA_NAMES[iso] ?? [])];
    const eng = country.demonyms?.eng;
    const demonyms = [eng?.m, eng?.f, ...(EXTRA_DEMONYMS[iso] ?? [])].filter((d): d is string => !!d);
    for (const d of [...demonyms]) if (/(an|i)$/.test(d)) demonyms.push(`${d}s`);
    return {
      isoCode: iso,
      name: country.name.common,
      officialName: country.name.official,
      altNames: [...new Set(alt)].filter((s) => s !== country.name.common),
      demonyms: [...new Set(demonyms)],
      capitals: [...country.capital, ...(EXTRA_CAPITALS[iso] ?? [])],
      independent: country.independent === true,
    };
  });
}

/** How a surface form names a country. */
export type CountryForm = 'name' | 'demonym' | 'capital';

export interface CountryHit {
  country: CountryRecord;
  form: CountryForm;
}

/** Lookups over the world-countries dataset: names in many languages, abbreviations, demonyms, capitals. */
export class CountryGazetteer {
  readonly records: CountryRecord[] = build();
  private readonly byIso = new Map(this.records.map((r) => [r.isoCode, r]));
  private readonly names = new Map<string, Set<string>>();
  private readonly abbreviations = new Map<string, Set<string>>();
  private readonly demonyms = new Map<string, Set<string>>();
  private readonly capitals = new Map<string, Set<string>>();

  constructor() {
    const put = (map: Map<string, Set<string>>, key: string, iso: string): void => {
      if (key === '') return;
      const set = map.get(key) ?? new Set<string>();
      set.add(iso);
      map.set(key, set);
    };
    for (const record of this.records) {
      for (const name of [record.name, record.officialName, ...record.altNames]) {
        if (ABBREVIATION.test(name)) put(this.abbreviations, name.replace(/\./g, ''), record.isoCode);
        else put(this.names, nameKey(name), record.isoCode);
      }
      for (const demonym of record.demonyms) put(this.demonyms, nameKey(demonym), record.isoCode);
      for (const capital of record.capitals) put(this.capitals, nameKey(capital), record.isoCode);
    }
    // "Congo" names two countries: the bare word stays ambiguous on purpose.
    put(this.names, 'congo', 'CD');
    // "French" is France's demonym and French Polynesia's: one sovereign state among the hits wins.
    for (const map of [this.names, this.demonyms, this.capitals, this.abbreviations]) {
      for (const [key, isos] of map) {
        const sovereign = [...isos].filter((iso) => this.byIso.get(iso)?.independent);
        if (isos.size > 1 && sovereign.length === 1) map.set(key, new Set(sovereign));
      }
    }
  }

  byCode(isoCode: string): CountryRecord | undefined {
    return this.byIso.get(isoCode.toUpperCase());
  }

  /**
   * The countries a surface form may name, by name (any language), abbreviation (case-sensitive:
   * "US" but not "us"), or demonym ("North Korean", "Poles"). More than one hit means ambiguous.
   */
  lookup(surface: string, options: { capitals?: boolean } = {}): CountryHit[] {
    const trimmed = surface.trim().replace(/['\u2019]s$/, '');
    const hits: CountryHit[] = [];
    const push = (isos: Set<string> | undefined, form: CountryForm): void => {
      for (const iso of isos ?? []) if (!hits.some((h) => h.country.isoCode === iso)) hits.push({ country: this.byIso.get(iso)!, form });
    };
    const stripped = trimmed.replace(/\./g, '');
    if (/^[A-Z]{2,5}$/.test(stripped) && (ABBREVIATION.test(trimmed) || /^[A-Z]{2,5}$/.test(trimmed)))
      push(this.abbreviations.get(stripped), 'name');
    if (hits.length === 0) {
      const key = nameKey(trimmed);
      push(this.names.get(key), 'name');
      if (hits.length === 0) push(this.demonyms.get(key), 'demonym');
      if (hits.length === 0 && options.capitals) push(this.capitals.get(key), 'capital');
    }
    return hits;
  }

  /** English surface forms worth finding in running text (names, abbreviations, demonyms), longest first. */
  englishForms(): Array<{ surface: string; isoCodes: string[]; form: CountryForm }> {
    this.forms ??= this.buildEnglishForms();
    return this.forms;
  }

  private forms?: Array<{ surface: string; isoCodes: string[]; form: CountryForm }>;

  private buildEnglishForms(): Array<{ surface: string; isoCodes: string[]; form: CountryForm }> {
    const forms = new Map<string, { isoCodes: Set<string>; form: CountryForm }>();
    const add = (surface: string, iso: string, form: CountryForm): void => {
      const entry = forms.get(surface) ?? { isoCodes: new Set<string>(), form };
      entry.isoCodes.add(iso);
      forms.set(surface, entry);
    };
    for (const record of this.records) {
      if (!record.independent && this.records.some((r) => r.independent && r.demonyms.some((d) => record.demonyms.includes(d)))) {
        // A territory sharing a sovereign state's demonym ("French") keeps only its name.
        add(record.name, record.isoCode, 'name');
        continue;
      }
      add(record.name, record.isoCode, 'name');
      for (const extra of EXTRA_NAMES[record.isoCode] ?? []) if (extra !== 'America') add(extra, record.isoCode, 'name');
      for (const demonym of record.demonyms) add(demonym, record.isoCode, 'demonym');
    }
    return [...forms.entries()]
      .map(([surface, v]) => ({ surface, isoCodes: [...v.isoCodes], form: v.form }))
      .sort((a, b) => b.surface.length - a.surface.length);
  }
}

let shared: CountryGazetteer | undefined;

/** The gazetteer, built once per process (the dataset is 250 countries). */
export function countryGazetteer(): CountryGazetteer {
  shared ??= new CountryGazetteer();
  return shared;
}
