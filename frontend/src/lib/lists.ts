// Small helpers for editing list fields and conflict values.

/** splitList turns "a, b,,c " into ["a", "b", "c"]. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export function joinList(xs: string[] | undefined): string {
  return (xs ?? []).join(', ');
}

/** valueText shows a JSON value of a field as text a person can read and edit. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v, null, 2);
}

/** parseValueText reads text edited by hand back into a value shaped like the example. */
export function parseValueText(text: string, example: unknown): unknown {
  if (typeof example === 'string' || example === null || example === undefined) {
    return text === '' ? null : text;
  }
  if (Array.isArray(example) && example.every((x) => typeof x === 'string')) return splitList(text);
  return JSON.parse(text);
}

/** toggle adds x to the list or removes it. */
export function toggle(xs: string[] | undefined, x: string): string[] {
  const l = xs ?? [];
  return l.includes(x) ? l.filter((y) => y !== x) : [...l, x];
}
