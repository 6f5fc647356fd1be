// A small, forgiving Markdown reader for post-mortem drafts: headings matched loosely to the sections a
// reviewer looks for, list items and table rows with their 1-based line numbers. Pure.

export const SECTION_KINDS = [
  'summary',
  'impact',
  'detection',
  'timeline',
  'trigger',
  'contributing',
  'root-cause',
  'actions',
  'went-well',
  'went-wrong',
  'lucky',
  'lessons',
  'resolution',
  'other',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

const HEADING_KINDS: [RegExp, SectionKind][] = [
  [/\b(?:action\s*items?|follow[- ]?ups?|remediations?|next\s+steps|corrective|preventive|preventative|to-?dos?|tasks|action\s+plan|actions|repair\s+items|improvements?)\b/i, 'actions'],
  [/\b(?:went\s+well|what\s+worked|successes|things\s+that\s+helped)\b/i, 'went-well'],
  [/\b(?:lucky|near[- ]miss|fortunate)\b/i, 'lucky'],
  [/\b(?:went\s+wrong|went\s+badly|could\s+(?:be|have\s+gone)\s+better|didn['’]?t\s+go\s+well|challenges|what\s+hurt|pain\s+points)\b/i, 'went-wrong'],
  [/\b(?:lessons?(?:\s+learn(?:ed|t))?|learnings|takeaways|retrospective|reflections)\b/i, 'lessons'],
  [/\b(?:contributing|contributors|factors|conditions|systemic|latent|underlying)\b/i, 'contributing'],
  [/\b(?:root\s+causes?|causes?|five\s+whys|5\s+whys|whys|why\s+did|analysis|causal|how\s+we\s+got\s+here)\b/i, 'root-cause'],
  [/\btrigger/i, 'trigger'],
  [/\b(?:timeline|chronology|sequence\s+of\s+events|events)\b/i, 'timeline'],
  [/\b(?:detection|detected|discovery|how\s+(?:it\s+was|we)\s+(?:found|noticed|detected))\b/i, 'detection'],
  [/\b(?:impact|blast\s+radius|customer\s+effect|user\s+effect|severity)\b/i, 'impact'],
  [/\b(?:resolution|recovery|mitigation|response|remediation\s+steps)\b/i, 'resolution'],
  [/\b(?:summary|overview|tl;?dr|abstract|executive|background|description|what\s+happened)\b/i, 'summary'],
];

/** The kind of a section heading ("Follow-ups" → actions, "Five Whys" → root-cause, …). */
export function headingKind(heading: string): SectionKind {
  for (const [re, kind] of HEADING_KINDS) if (re.test(heading)) return kind;
  return 'other';
}

export interface MdLine {
  /** 1-based line number */
  n: number;
  text: string;
  /** list item (-, *, +, 1.) */
  item: boolean;
  /** a data row of a table (not the header, not the separator) */
  row: boolean;
  /** for table rows: the cells, and the header cells of that table */
  cells?: string[];
  header?: string[];
  /** inside a fenced code block */
  code: boolean;
  heading: boolean;
}

export interface MdSection {
  heading: string;
  level: number;
  kind: SectionKind;
  /** 1-based line of the heading (0 for text before the first heading) */
  line: number;
  lines: MdLine[];
}

const ATX = /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;
const BOLD_HEADING = /^\s*(?:\*\*|__)([^*_]{2,60})(?:\*\*|__)\s*:?\s*$/;
const LABEL_HEADING = /^([A-Z][A-Za-z ’'/&-]{2,40}):\s*$|^([A-Z][A-Z ’'/&-]{2,40})\s*$/;
const INLINE_LABEL = /^\s*(?:\*\*|__)([^*_:]{2,40}?)\s*:?\s*(?:\*\*|__)\s*:?\s+(\S.*)$/;
const PLAIN_LABEL = /^([A-Z][A-Za-z ]{2,30}):\s+(\S.*)$/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;
const ITEM = /^\s*(?:[-*+•]|\d+[.)])\s+/;
const TABLE_SEP = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** Split a Markdown document into sections with classified lines. */
export function parseMarkdown(md: string): MdSection[] {
  const raw = md.replace(/\r\n?/g, '\n').split('\n');
  const sections: MdSection[] = [{ heading: '', level: 0, kind: 'other', line: 0, lines: [] }];
  let code = false;
  let header: string[] | null = null;
  for (let i = 0; i < raw.length; i++) {
    const text = raw[i]!;
    const n = i + 1;
    const cur = sections[sections.length - 1]!;
    if (/^\s{0,3}(?:```|~~~)/.test(text)) {
      code = !code;
      cur.lines.push({ n, text, item: false, row: false, code: true, heading: false });
      continue;
    }
    if (code) {
      cur.lines.push({ n, text, item: false, row: false, code: true, heading: false });
      continue;
    }
    const next = raw[i + 1];
    let heading: { text: string; level: number } | null = null;
    const atx = ATX.exec(text);
    if (atx) heading = { text: atx[2]!, level: atx[1]!.length };
    else if (next !== undefined && text.trim() && !ITEM.test(text) && !text.includes('|') && SETEXT.test(next) && !TABLE_SEP.test(text)) {
      heading = { text: text.trim(), level: next.trim().startsWith('=') ? 1 : 2 };
    } else {
      const b = BOLD_HEADING.exec(text) ?? LABEL_HEADING.exec(text);
      const label = b ? (b[1] ?? b[2] ?? '') : '';
      if (b && label && headingKind(label) !== 'other') heading = { text: label.trim(), level: 3 };
    }
    if (!heading) {
      // "**Impact:** 1,840 messages …" or "Root cause: …": a labelled paragraph opens a section
      const lab = INLINE_LABEL.exec(text) ?? PLAIN_LABEL.exec(text);
      if (lab && headingKind(lab[1]!) !== 'other' && lab[1]!.trim().split(/\s+/).length <= 4) {
        header = null;
        sections.push({
          heading: lab[1]!.trim(),
          level: 4,
          kind: headingKind(lab[1]!),
          line: n,
          lines: [{ n, text: lab[2]!, item: false, row: false, code: false, heading: false }],
        });
        continue;
      }
    }
    if (heading) {
      header = null;
      sections.push({ heading: heading.text, level: heading.level, kind: headingKind(heading.text), line: n, lines: [{ n, text, item: false, row: false, code: false, heading: true }] });
      if (!atx && !BOLD_HEADING.test(text) && !LABEL_HEADING.test(text)) {
        // setext underline
        i++;
        sections[sections.length - 1]!.lines.push({ n: n + 1, text: raw[i]!, item: false, row: false, code: false, heading: true });
      }
      continue;
    }
    if (text.includes('|') && /^\s*\|/.test(text)) {
      if (TABLE_SEP.test(text)) {
        cur.lines.push({ n, text, item: false, row: false, code: false, heading: false });
        continue;
      }
      if (next !== undefined && TABLE_SEP.test(next)) {
        header = cellsOf(text).map((c) => c.toLowerCase());
        cur.lines.push({ n, text, item: false, row: false, code: false, heading: false });
        continue;
      }
      cur.lines.push({ n, text, item: false, row: true, cells: cellsOf(text), ...(header ? { header } : {}), code: false, heading: false });
      continue;
    }
    if (!text.trim()) header = null;
    cur.lines.push({ n, text, item: ITEM.test(text), row: false, code: false, heading: false });
  }
  // the first pseudo-section stays only when it has content
  if (sections[0]!.lines.every((l) => !l.text.trim())) sections.shift();
  return sections;
}

/** The text of a table row as an action item: "Title. Owner: X. Due Y. Done when Z." using the header. */
export function rowAsItem(line: MdLine): string {
  const cells = line.cells ?? [];
  const header = line.header ?? [];
  if (header.length === 0) return cells.filter(Boolean).join('. ');
  const parts: string[] = [];
  cells.forEach((c, i) => {
    if (!c) return;
    const h = header[i] ?? '';
    if (/owner|assignee|who|team|dri/.test(h)) parts.push(`Owner: ${c}.`);
    else if (/due|date|deadline|when\b|eta|target/.test(h) && !/done/.test(h)) parts.push(`Due ${c}.`);
    else if (/done|verif|accept|success|check|end state|criteria/.test(h)) parts.push(`Done when ${c.replace(/\.$/, '')}.`);
    else if (/^(?:#|id|no\.?|ticket|tracker|issue|jira|link|status|bug|bugs|ref|reference)$/.test(h)) parts.push(`[${h}: ${c}]`);
    else parts.push(/[.!?]$/.test(c) ? c : `${c}.`);
  });
  return parts.join(' ');
}

/** Plain text of a line: list markers, checkboxes, emphasis and links removed. */
export function plain(text: string): string {
  return text
    .replace(ITEM, '')
    .replace(/^\s*\[[ xX]\]\s+/, '')
    .replace(/^\s*>\s?/, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(?<![\w*])\*(?!\s)([^*]+)\*(?!\w)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
}
