/**
 * When a message was made, as `14:03:07 UTC` (the same on every machine, whatever its locale or time
 * zone), with the full date and time in the `<time>` element's `dateTime` and its tooltip. A message
 * recorded before messages carried times shows nothing.
 */
export function MessageTime({ at }: { at?: string | undefined }) {
  if (at === undefined) return null;
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return null;
  const iso = date.toISOString();
  return (
    <time className="muted msg-time" dateTime={iso} title={`${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`}>
      {formatTime(iso)}
    </time>
  );
}

/** `2026-12-02T14:03:07.120Z` → `14:03:07 UTC`. */
export function formatTime(iso: string): string {
  return `${iso.slice(11, 19)} UTC`;
}

/** `2026-12-02T14:03:07.120Z` → `2026-12-02 14:03 UTC`: a date in lists, the same in every locale. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = date.toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}
