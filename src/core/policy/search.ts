import MiniSearch from 'minisearch';
import { type PolicyPassage, policyPassages } from './passages.ts';

/** One passage that matches a search, with where the matching words are in its text. */
export interface PolicyMatch extends PolicyPassage {
  score: number;
  /** The matching words, as [start, end) character offsets into `text`, in order. */
  highlights: Array<[number, number]>;
}

/** How many passages a search returns at most, best first. */
export const POLICY_SEARCH_LIMIT = 8;

const STOP_WORDS = new Set(
  'a an and are as at be by can do for from has have if in is it its of on or that the their them this to was will with you your'.split(
    ' ',
  ),
);

/** Word endings removed so that the forms of a word meet: modify, modified, modification → "modif". */
const SUFFIXES = [
  'ications',
  'ication',
  'ations',
  'ation',
  'ments',
  'ment',
  'ings',
  'ing',
  'ies',
  'ied',
  'ed',
  's',
  'y',
];

/**
 * A light English stemmer, enough to join a word's inflections: one ending off, then a final `e`,
 * then a final doubled consonant (cancelled, cancellation → "cancel"). Short words are kept.
 */
export function stemWord(word: string): string {
  let stem = word.toLowerCase();
  if (stem.length <= 3) return stem;
  for (const suffix of SUFFIXES) {
    if (!stem.endsWith(suffix) || stem.length - suffix.length < 3) continue;
    // "address", "status": a final s after s or u is part of the word.
    if (suffix === 's' && /[su]s$/.test(stem)) continue;
    stem = stem.slice(0, -suffix.length);
    break;
  }
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  if (/([b-df-hj-np-tv-z])\1$/.test(stem)) stem = stem.slice(0, -1);
  return stem;
}

function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (lower === '' || STOP_WORDS.has(lower)) return null;
  return stemWord(lower);
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

interface Indexed {
  passages: PolicyPassage[];
  index: MiniSearch<{ id: number; headings: string; text: string }>;
}

const cache = new Map<string, Indexed>();

function indexed(policy: string): Indexed {
  const hit = cache.get(policy);
  if (hit !== undefined) return hit;
  const passages = policyPassages(policy);
  const index = new MiniSearch<{ id: number; headings: string; text: string }>({
    fields: ['headings', 'text'],
    processTerm,
    tokenize: (text) => text.match(WORD) ?? [],
    searchOptions: {
      boost: { headings: 2 },
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      combineWith: 'OR',
    },
  });
  index.addAll(passages.map((p) => ({ id: p.index, headings: p.headings.at(-1) ?? '', text: p.text })));
  if (cache.size >= 16) cache.delete(cache.keys().next().value!);
  const entry = { passages, index };
  cache.set(policy, entry);
  return entry;
}

/**
 * Searches a policy (Markdown) for the words of `query`: each word matches its other forms
 * (stemming: `modify` finds "modified" and "modification"), longer words also by prefix and with a
 * small typo, and the passages are ranked (a match in the section's heading counts double). Returns
 * whole sections or bullet groups (see `policyPassages`), best first, at most `limit`.
 */
export function searchPolicy(policy: string, query: string, limit = POLICY_SEARCH_LIMIT): PolicyMatch[] {
  const { passages, index } = indexed(policy);
  const results = index.search(query);
  return results.slice(0, limit).map((result) => {
    const passage = passages[result.id as number]!;
    const matched = new Set(result.terms);
    const highlights: Array<[number, number]> = [];
    for (const word of passage.text.matchAll(WORD)) {
      const term = processTerm(word[0]);
      if (term !== null && matched.has(term)) highlights.push([word.index, word.index + word[0].length]);
    }
    return { ...passage, score: result.score, highlights };
  });
}

/** The policy's text with each highlight wrapped by `mark` (a colour in a terminal). */
export function markHighlights(match: PolicyMatch, mark: (word: string) => string): string {
  let out = '';
  let at = 0;
  for (const [start, end] of match.highlights) {
    out += match.text.slice(at, start) + mark(match.text.slice(start, end));
    at = end;
  }
  return out + match.text.slice(at);
}
