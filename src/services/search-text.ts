/** "U.S." and "U.S.A." as people type them: letters joined by dots, read as the words "US" and "USA". */
const DOTTED_ABBREVIATION = /(?<![\p{L}\p{N}.])\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}])/gu;

/**
 * What a person typed, as search reads it: Unicode-composed (text typed on macOS often arrives
 * decomposed), dotted abbreviations without their dots ("U.S." -> "US"), trimmed.
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFC')
    .replace(DOTTED_ABBREVIATION, (abbreviation) => abbreviation.replace(/\./g, ''))
    .trim();
}

/**
 * The key under which a name matches exactly: normalised, lower-cased, only its letters, marks
 * and digits ("Côte d’Ivoire" and "cote d'Ivoire" differ, "Côte d'Ivoire" and "CÔTE D’IVOIRE"
 * do not; "U.S." is "us"). Empty for text without any.
 */
export function searchKey(text: string): string {
  return normalizeSearchText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '');
}
