/**
 * Text laid out for a terminal `width` columns wide: words wrapped at spaces (a word longer than a line
 * is cut), each line after the first of a paragraph starting with `hang`; every line starts with
 * `indent`. Line breaks in the text are kept. Lengths count characters, which is right for the
 * text Sigma shows (no wide characters, no colour codes inside).
 */
export function wrapText(text: string, width: number, indent = '', hang = indent): string {
  return text
    .split('\n')
    .map((paragraph) => wrapParagraph(paragraph, width, indent, hang))
    .join('\n');
}

function wrapParagraph(paragraph: string, width: number, indent: string, hang: string): string {
  const words = paragraph.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  const lines: string[] = [];
  let line = indent;
  let empty = true;
  const room = (prefix: string) => Math.max(8, width - prefix.length);
  for (let word of words) {
    for (;;) {
      const candidate = empty ? line + word : `${line} ${word}`;
      if (candidate.length <= width || (empty && word.length <= room(line))) {
        line = candidate;
        empty = false;
        break;
      }
      if (!empty) {
        lines.push(line);
        line = hang;
        empty = true;
        continue;
      }
      // A word longer than a whole line: cut it.
      const cut = room(line);
      lines.push(line + word.slice(0, cut));
      word = word.slice(cut);
      line = hang;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
