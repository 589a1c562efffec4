// Highlighted snippets come from Go as plain text in which matched parts
// are wrapped in U+E000 … U+E001 (app.MarkStart/MarkEnd). They are split
// into segments that the UI renders as text nodes, some inside <mark>:
// record text is never parsed as HTML.

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

export interface Segment {
  text: string;
  mark: boolean;
}

export function segments(snippet: string): Segment[] {
  const out: Segment[] = [];
  let mark = false;
  let cur = '';
  for (const ch of snippet) {
    if (ch === MARK_START || ch === MARK_END) {
      if (cur) out.push({ text: cur, mark });
      cur = '';
      mark = ch === MARK_START;
      continue;
    }
    cur += ch;
  }
  if (cur) out.push({ text: cur, mark });
  return out;
}

/** plain removes the markers. */
export function plain(snippet: string): string {
  return snippet.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
}

/** Run is plain text followed by marked text; either may be empty. */
export interface Run {
  plain: string;
  marked: string;
}

/**
 * runs regroups a snippet's segments as runs, so that a list of them always
 * renders as the same elements (a text node and a <mark>) and a new snippet
 * only changes texts: cheaper on every keystroke than adding and removing
 * elements.
 */
export function runs(snippet: string): Run[] {
  const out: Run[] = [];
  for (const s of segments(snippet)) {
    const last = out.at(-1);
    if (s.mark && last && !last.marked) last.marked = s.text;
    else out.push(s.mark ? { plain: '', marked: s.text } : { plain: s.text, marked: '' });
  }
  return out;
}
