import { useEffect, useState } from 'react';

const QUERY = '(min-width: 900px)';

/** Whether the window is wide enough for the tool palette beside the chat (else it is a sheet). */
export function useWide(): boolean {
  const [wide, setWide] = useState(() => window.matchMedia(QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(QUERY);
    const update = () => setWide(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return wide;
}
