// HTML (Teams message bodies, Grafana texts) to plain text. Not a browser: a small tokenizer that keeps
// the words, turns block elements into line breaks, lists into "- " / "1. " items, <at> mentions into
// @Name, <emoji alt> into the emoji, links into their label, drops <attachment> markers and
// <systemEventMessage/>, and decodes entities. The result is NOT sanitised; callers sanitise once.

const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');
const ALT = ATTR('alt');
const HREF = ATTR('href');

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  times: '×',
  rarr: '→',
  larr: '←',
  zwsp: '',
};

/** Decode named and numeric HTML entities (unknown names stay as written). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,9});/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      return String.fromCodePoint(code);
    }
    const v = NAMED[e.toLowerCase()];
    return v ?? m;
  });
}

function attr(re: RegExp, attrs: string): string | null {
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
}

const BLOCK = new Set(['p', 'div', 'br', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'table', 'hr']);
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'title', 'attachment']);

/** Plain text of an HTML fragment. */
export function htmlToText(html: string): string {
  if (!html) return '';
  if (!html.includes('<')) return decodeEntities(html).replace(/\u00a0/g, ' ').trim();
  const out: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let skipping: string | null = null;
  let pre = 0;
  let linkHref: string | null = null;
  let linkStart = 0;
  let last = 0;
  const pushText = (t: string) => {
    if (!t || skipping) return;
    let d = decodeEntities(t).replace(/\u00a0/g, ' ');
    if (!pre) d = d.replace(/[ \t\r\n]+/g, ' ');
    out.push(d);
  };
  // block boundaries start a new line unless one was just started; <br> always breaks
  const newline = (force = false) => {
    if (skipping) return;
    if (!force) {
      for (let k = out.length - 1; k >= 0; k--) {
        const piece = out[k] ?? '';
        if (piece === '') continue;
        if (piece.endsWith('\n') || (k === 0 && !piece.trim())) return;
        if (piece.trim()) break;
      }
      if (out.length === 0) return;
    }
    out.push('\n');
  };
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    pushText(html.slice(last, m.index));
    last = TAG.lastIndex;
    if (m[0].startsWith('<!--')) continue;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    const attrs = m[3] ?? '';
    if (skipping) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (SKIP_CONTENT.has(name)) {
      if (!closing && !attrs.trimEnd().endsWith('/')) skipping = name;
      continue;
    }
    switch (name) {
      case 'at':
        if (!closing) out.push('@');
        break;
      case 'emoji':
      case 'img': {
        if (closing) break;
        const alt = attr(ALT, attrs);
        if (alt) out.push(decodeEntities(alt));
        else if (name === 'img') out.push('[image]');
        break;
      }
      case 'a':
        if (!closing) {
          linkHref = attr(HREF, attrs);
          linkStart = out.length;
        } else {
          const label = out.slice(linkStart).join('').trim();
          if (!label && linkHref) out.push(decodeEntities(linkHref));
          linkHref = null;
        }
        break;
      case 'li':
        if (!closing) {
          const l = lists[lists.length - 1];
          newline();
          out.push('  '.repeat(Math.max(0, lists.length - 1)));
          if (l?.ordered) out.push(`${++l.n}. `);
          else out.push('- ');
        }
        break;
      case 'ul':
      case 'ol':
        if (!closing) lists.push({ ordered: name === 'ol', n: 0 });
        else lists.pop();
        newline();
        break;
      case 'pre':
        pre += closing ? -1 : 1;
        if (pre < 0) pre = 0;
        newline();
        break;
      case 'td':
      case 'th':
        if (closing) out.push('\t');
        break;
      case 'systemeventmessage':
        break;
      case 'br':
        newline(true);
        break;
      default:
        if (BLOCK.has(name)) newline();
    }
  }
  pushText(html.slice(last));
  return out
    .join('')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/g, '').replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
