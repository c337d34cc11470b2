/** Splits a policy into paragraphs: blocks between blank lines, and each item of a list on its own. */
function paragraphs(policy: string): string[] {
  const out: string[] = [];
  for (const block of policy.split(/\n\s*\n/)) {
    let current: string[] = [];
    for (const line of block.split('\n')) {
      const startsItem = /^\s{0,3}([-*+]|\d+[.)])\s/.test(line) || line.startsWith('#');
      if (startsItem && current.length > 0) {
        out.push(current.join('\n'));
        current = [];
      }
      current.push(line);
    }
    if (current.length > 0) out.push(current.join('\n'));
  }
  return out.map((p) => p.trimEnd()).filter((p) => p.trim() !== '');
}

/**
 * The paragraphs of a policy that mention a word (case-insensitive), each list item on its own, under
 * the heading it belongs to. A heading is a line starting with `#`.
 */
export function searchPolicy(policy: string, word: string): string[] {
  const needle = word.trim().toLowerCase();
  if (needle === '') return [policy];
  const found: string[] = [];
  let heading: string | undefined;
  let headingShown: string | undefined;
  for (const text of paragraphs(policy)) {
    if (text.startsWith('#')) {
      heading = text;
      if (text.toLowerCase().includes(needle)) {
        found.push(text);
        headingShown = text;
      }
      continue;
    }
    if (!text.toLowerCase().includes(needle)) continue;
    if (heading !== undefined && heading !== headingShown) {
      found.push(heading);
      headingShown = heading;
    }
    found.push(text);
  }
  return found;
}
