/**
 * A policy cut into the passages a search shows: a section (a heading with the text under it, up to
 * the next heading), or — in a long section — each paragraph and each bullet group (a run of list
 * items with their continuation lines, with the sentence that introduces them when it ends in `:`).
 */
export interface PolicyPassage {
  /** Position in the policy, from 0: passages keep the policy's order. */
  index: number;
  /** The headings above the passage, outermost first, without the `#` marks. */
  headings: string[];
  /** The passage's Markdown, whole (its own heading line first when it is a section). */
  text: string;
}

/** A section longer than this many lines is shown by its paragraphs and bullet groups instead. */
const WHOLE_SECTION_LINES = 14;

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d+[.)])\s/;

interface Section {
  headings: string[];
  heading: string | undefined;
  lines: string[];
}

export function policyPassages(policy: string): PolicyPassage[] {
  const passages: PolicyPassage[] = [];
  const push = (headings: string[], text: string) => {
    const trimmed = text.replace(/^\n+|\s+$/g, '');
    if (trimmed !== '') passages.push({ index: passages.length, headings, text: trimmed });
  };
  for (const section of sections(policy)) {
    const body = section.lines.join('\n');
    const bodyLines = section.lines.filter((l) => l.trim() !== '').length;
    if (bodyLines <= WHOLE_SECTION_LINES) {
      push(section.headings, [section.heading, body].filter((t) => t !== undefined).join('\n'));
      continue;
    }
    if (section.heading !== undefined) push(section.headings, section.heading);
    for (const block of blocks(section.lines)) push(section.headings, block);
  }
  return passages;
}

function sections(policy: string): Section[] {
  const out: Section[] = [];
  const stack: Array<{ level: number; title: string }> = [];
  let current: Section = { headings: [], heading: undefined, lines: [] };
  for (const line of policy.replace(/\r\n/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    if (heading === null) {
      current.lines.push(line);
      continue;
    }
    out.push(current);
    const level = heading[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.level >= level) stack.pop();
    stack.push({ level, title: heading[2]! });
    current = { headings: stack.map((h) => h.title), heading: line, lines: [] };
  }
  out.push(current);
  return out.filter((s) => s.heading !== undefined || s.lines.some((l) => l.trim() !== ''));
}

/** A long section's paragraphs and bullet groups. */
function blocks(lines: string[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let inList = false;
  const flush = () => {
    if (current.length > 0) out.push(current.join('\n'));
    current = [];
    inList = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      // A blank line inside a list (between items) keeps the group together.
      const next = lines.slice(i + 1).find((l) => l.trim() !== '');
      if (inList && next !== undefined && (LIST_ITEM.test(next) || /^\s+\S/.test(next))) {
        current.push('');
        continue;
      }
      flush();
      continue;
    }
    if (LIST_ITEM.test(line)) {
      if (!inList) {
        // A list starts: it joins the sentence that introduces it ("The reasons are:"), else stands alone.
        const introduces = current.length > 0 && current.at(-1)!.trimEnd().endsWith(':');
        if (!introduces) flush();
        inList = true;
      }
      current.push(line);
      continue;
    }
    if (inList && !/^\s+\S/.test(line)) flush();
    current.push(line);
  }
  flush();
  return out;
}
