// Labels of facet values and record fields in the UI language, from the
// taxonomy Go sends (app.meta) and the catalogues.
import { formatter, i18n } from './i18n/index.svelte';
import { nativeNames } from './i18n/catalogues';
import { app } from './state.svelte';
import type { Choice, FacetName, Lang } from './types';

/** choiceLabel is the label of code in a closed list, in the UI language (the code itself when unknown). */
export function choiceLabel(list: Choice[] | undefined, code: string): string {
  const c = list?.find((x) => x.code === code);
  return c ? i18n.label(c.label, code) : code;
}

export function sectorLabel(code: string): string {
  return choiceLabel(app.meta?.sectors, code);
}
export function countryLabel(code: string): string {
  return choiceLabel(app.meta?.countries, code);
}
export function kindLabel(code: string): string {
  return choiceLabel(app.meta?.actorKinds, code);
}
export function basisLabel(code: string): string {
  return choiceLabel(app.meta?.legalBases, code);
}
export function localityLabel(id: string): string {
  const l = app.meta?.localities.find((x) => x.id === id) ?? app.places.find((x) => x.id === id);
  return l ? i18n.label(l.name, id) : id;
}
export function languageLabel(code: string): string {
  if (code in i18n.t.lang) return i18n.t.lang[code as Lang];
  try {
    const lang = i18n.lang;
    return formatter(`languages|${lang}`, () => new Intl.DisplayNames([lang], { type: 'language' })).of(code) ?? code;
  } catch {
    return code;
  }
}
export function facetValueLabel(facet: FacetName, value: string): string {
  switch (facet) {
    case 'sector':
      return sectorLabel(value);
    case 'country':
      return countryLabel(value);
    case 'locality':
      return localityLabel(value);
    case 'kind':
      return kindLabel(value);
    case 'language':
      return languageLabel(value);
    default:
      return value;
  }
}
export { nativeNames };
