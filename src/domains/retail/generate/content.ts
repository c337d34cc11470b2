import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

function content(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../content/${name}`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Sigma's own retail agent policy (`content/policy.md`). */
export function retailPolicy(): string {
  return content('policy.md');
}

/** How a simulated retail customer behaves (`content/user_guidelines.md`). */
export function retailUserGuidelines(): string {
  return content('user_guidelines.md');
}
