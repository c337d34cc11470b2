/**
 * The airports the airline serves (the ones `list_all_airports` names) with their approximate
 * positions, public facts used only to give routes plausible flight times.
 */
export interface Airport {
  code: string;
  city: string;
  lat: number;
  lon: number;
}

export const AIRPORTS: readonly Airport[] = [
  { code: 'SFO', city: 'San Francisco', lat: 37.62, lon: -122.38 },
  { code: 'JFK', city: 'New York', lat: 40.64, lon: -73.78 },
  { code: 'LAX', city: 'Los Angeles', lat: 33.94, lon: -118.41 },
  { code: 'ORD', city: 'Chicago', lat: 41.98, lon: -87.9 },
  { code: 'DFW', city: 'Dallas', lat: 32.9, lon: -97.04 },
  { code: 'DEN', city: 'Denver', lat: 39.86, lon: -104.67 },
  { code: 'SEA', city: 'Seattle', lat: 47.45, lon: -122.31 },
  { code: 'ATL', city: 'Atlanta', lat: 33.64, lon: -84.43 },
  { code: 'MIA', city: 'Miami', lat: 25.79, lon: -80.29 },
  { code: 'BOS', city: 'Boston', lat: 42.36, lon: -71.01 },
  { code: 'PHX', city: 'Phoenix', lat: 33.43, lon: -112.01 },
  { code: 'IAH', city: 'Houston', lat: 29.99, lon: -95.34 },
  { code: 'LAS', city: 'Las Vegas', lat: 36.08, lon: -115.15 },
  { code: 'MCO', city: 'Orlando', lat: 28.43, lon: -81.31 },
  { code: 'EWR', city: 'Newark', lat: 40.69, lon: -74.17 },
  { code: 'CLT', city: 'Charlotte', lat: 35.21, lon: -80.94 },
  { code: 'MSP', city: 'Minneapolis', lat: 44.88, lon: -93.22 },
  { code: 'DTW', city: 'Detroit', lat: 42.21, lon: -83.35 },
  { code: 'PHL', city: 'Philadelphia', lat: 39.87, lon: -75.24 },
  { code: 'LGA', city: 'LaGuardia', lat: 40.78, lon: -73.87 },
];

const byCode = new Map(AIRPORTS.map((a) => [a.code, a]));

export function airport(code: string): Airport {
  const found = byCode.get(code);
  if (found === undefined) throw new RangeError(`unknown airport ${code}`);
  return found;
}

/** Great-circle distance in miles. */
export function distanceMiles(from: string, to: string): number {
  const a = airport(from);
  const b = airport(to);
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 3959 * Math.asin(Math.sqrt(h));
}

/** Scheduled gate-to-gate time in minutes: taxi and climb plus cruise, in half hours, 1 to 6 hours. */
export function blockMinutes(from: string, to: string): number {
  const raw = 45 + distanceMiles(from, to) / 7.5;
  return Math.min(360, Math.max(60, Math.round(raw / 30) * 30));
}

/** How a customer names an airport: 'Seattle (SEA)'. */
export function spokenAirport(code: string): string {
  return `${airport(code).city} (${code})`;
}
