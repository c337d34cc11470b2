import { markHighlights, searchPolicy } from '../../core/policy/search.ts';
import { pc } from '../colour.ts';

/**
 * A policy search as the terminal shows it (`/policy WORD`, `sigma policy --search WORD`): each
 * matching section or bullet group whole, best first, under the path of its headings, with the
 * matching words highlighted (no colour with NO_COLOR or when not a terminal).
 */
export function renderPolicySearch(policy: string, query: string, domainName: string): string {
  const matches = searchPolicy(policy, query);
  if (matches.length === 0) return `Nothing in the ${domainName} policy matches "${query}".`;
  return matches
    .map((match) => {
      const where = match.headings.length > 0 ? `${pc.dim(`§ ${match.headings.join(' › ')}`)}\n` : '';
      return where + markHighlights(match, (word) => pc.bold(pc.yellow(word)));
    })
    .join('\n\n');
}
