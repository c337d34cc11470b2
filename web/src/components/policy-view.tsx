import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { Input, Label, SearchField } from 'react-aria-components';
import Markdown from 'react-markdown';
import { api, unwrap } from '../api/client';

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function textOf(children: ReactNode): string {
  if (typeof children === 'string' || typeof children === 'number') return String(children);
  if (Array.isArray(children)) return children.map(textOf).join('');
  return '';
}

/** Links only to http(s) and mailto, and in-page anchors; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string): string {
  return /^(https?:|mailto:|#)/i.test(url.trim()) ? url : '';
}

/** A link whose target was dropped is shown as plain text, so clicking it goes nowhere. */
function SafeLink({ href, children }: { href?: string | undefined; children?: ReactNode }) {
  if (href === undefined || href === '') return <span className="dropped-link">{children}</span>;
  return (
    <a href={href} rel="noopener noreferrer" target={href.startsWith('#') ? undefined : '_blank'}>
      {children}
    </a>
  );
}

const heading =
  (Tag: 'h1' | 'h2' | 'h3' | 'h4') =>
  ({ children }: { children?: ReactNode }) => <Tag id={`policy-${slug(textOf(children))}`}>{children}</Tag>;

/**
 * A policy's Markdown, rendered without raw HTML (react-markdown never renders HTML in the source:
 * `<script>` and `onerror=` stay text), with only safe link targets, a table of contents and search.
 */
export function PolicyView({ env, text }: { env: string; text: string }) {
  const [query, setQuery] = useState('');
  const toc = useMemo(
    () =>
      [...text.matchAll(/^(#{1,3})\s+(.+)$/gm)].map((m) => ({
        level: m[1]!.length,
        title: m[2]!.replace(/[*_`]/g, '').trim(),
      })),
    [text],
  );
  const search = useQuery({
    queryKey: ['policy-search', env, query],
    enabled: query.trim().length > 1,
    queryFn: async () =>
      unwrap(
        await api.GET('/environments/{env}/policy/search', {
          params: { path: { env }, query: { q: query } },
        }),
      ),
  });
  return (
    <div className="policy">
      <SearchField className="field" value={query} onChange={setQuery}>
        <Label>Search the policy</Label>
        <Input placeholder="e.g. refund gift card" />
      </SearchField>
      {query.trim().length > 1 && (
        <section aria-label="policy search results" className="policy-results">
          {search.data?.matches.length === 0 && <p className="muted">No section matches “{query}”.</p>}
          {search.data?.matches.map((m) => (
            <div key={`${m.headings.join('/')}-${m.text.slice(0, 30)}`} className="match">
              <div className="muted">{m.headings.join(' › ')}</div>
              <div>{m.text}</div>
            </div>
          ))}
        </section>
      )}
      {toc.length > 1 && (
        <nav aria-label="policy contents" className="toc">
          <ul>
            {toc.map((h) => (
              <li key={`${h.level}-${h.title}`} className={`toc-${h.level}`}>
                <a href={`#policy-${slug(h.title)}`}>{h.title}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="markdown">
        <Markdown
          skipHtml
          urlTransform={safeUrl}
          components={{
            h1: heading('h2'),
            h2: heading('h3'),
            h3: heading('h4'),
            h4: heading('h4'),
            a: SafeLink,
          }}
        >
          {text}
        </Markdown>
      </div>
    </div>
  );
}
