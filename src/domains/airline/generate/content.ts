import { readFileSync } from 'node:fs';

/** Sigma's own texts for the airline domain, kept as Markdown in `../content/` and read once. */
const texts = new Map<string, string>();

function content(name: string): string {
  let text = texts.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../content/${name}`, import.meta.url), 'utf8');
    texts.set(name, text);
  }
  return text;
}

/** The agent policy of Sigma's airline domain (`content/policy.md`). */
export function airlinePolicy(): string {
  return content('policy.md');
}

/** How a simulated airline customer behaves (`content/user_guidelines.md`). */
export function airlineUserGuidelines(): string {
  return content('user_guidelines.md');
}
