/** Sigma's own word lists for generated airline customers and travel companions. */

/** The items of a list written as text, separated by white space (or by `separator`). */
function words(text: string, separator: RegExp = /\s+/): string[] {
  return text
    .split(separator)
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

export const FIRST_NAMES: readonly string[] = words(`
  Adele Ahmad Aiko Alma Amara Anders Anika Arjun Astrid Beatriz Bianca Boris Calvin Camila Chidi
  Clara Darius Delia Dmitri Elena Elif Emeka Esme Farah Felix Freya Gideon Greta Hana Hector Ines
  Ingrid Isaac Jalen Jonah Joaquin Kai Keiko Kofi Lars Leila Linnea Malik Marisol Mateo Mina Nadia
  Niko Nora Omari Oskar Paloma Priya Quentin Rafael Rosa Rowan Sakura Samir Selma Tariq Tessa
  Tobias Uma Valeria Vikram Wren Yara Yusra Zane
`);

export const LAST_NAMES: readonly string[] = words(`
  Abara Alvarez Andersen Bakker Banerjee Becker Bianchi Castillo Chowdhury Costa Dahl Delgado
  Dubois Eriksen Fischer Fontaine Gallagher Haddad Horvath Ibarra Ito Jansen Kaur Kimura Kowalski
  Lindqvist Lopes Mahmoud Marsh Mendoza Moreau Nakamura Nilsen Novak Obi Okafor Ortega Park
  Pereira Quinn Rahman Reyes Romano Sato Schmidt Sharma Silva Sorensen Suzuki Tan Torres Varga
  Vasquez Volkov Wagner Walsh Yilmaz Zamora Zhou Ziegler
`);

export const STREETS: readonly string[] = words(
  `
  Alder Court, Aspen Way, Bayview Road, Birch Lane, Canal Street, Cherry Hill Road
  Clearwater Drive, Copper Lane, Dogwood Avenue, Foxglove Way, Granite Street, Harbor Road
  Heron Drive, Juniper Street, Lakeshore Drive, Lantern Lane, Magnolia Avenue, Meadow Lane
  Mill Creek Road, Orchard Street, Prairie Avenue, Quarry Road, Ridgeway Drive, River Bend Road
  Saddle Court, Spruce Street, Summit Avenue, Tamarack Lane, Willow Bend, Windmill Road
`,
  /[,\n]/,
);

export interface City {
  city: string;
  state: string;
  /** The first three digits of the city's ZIP codes. */
  zip3: string;
}

export const CITIES: readonly City[] = [
  { city: 'Albuquerque', state: 'NM', zip3: '871' },
  { city: 'Ann Arbor', state: 'MI', zip3: '481' },
  { city: 'Asheville', state: 'NC', zip3: '288' },
  { city: 'Austin', state: 'TX', zip3: '787' },
  { city: 'Baltimore', state: 'MD', zip3: '212' },
  { city: 'Boise', state: 'ID', zip3: '837' },
  { city: 'Boulder', state: 'CO', zip3: '803' },
  { city: 'Burlington', state: 'VT', zip3: '054' },
  { city: 'Charleston', state: 'SC', zip3: '294' },
  { city: 'Cincinnati', state: 'OH', zip3: '452' },
  { city: 'Columbus', state: 'OH', zip3: '432' },
  { city: 'Des Moines', state: 'IA', zip3: '503' },
  { city: 'El Paso', state: 'TX', zip3: '799' },
  { city: 'Eugene', state: 'OR', zip3: '974' },
  { city: 'Fresno', state: 'CA', zip3: '937' },
  { city: 'Hartford', state: 'CT', zip3: '061' },
  { city: 'Indianapolis', state: 'IN', zip3: '462' },
  { city: 'Kansas City', state: 'MO', zip3: '641' },
  { city: 'Knoxville', state: 'TN', zip3: '379' },
  { city: 'Lexington', state: 'KY', zip3: '405' },
  { city: 'Madison', state: 'WI', zip3: '537' },
  { city: 'Milwaukee', state: 'WI', zip3: '532' },
  { city: 'Nashville', state: 'TN', zip3: '372' },
  { city: 'New Orleans', state: 'LA', zip3: '701' },
  { city: 'Oakland', state: 'CA', zip3: '946' },
  { city: 'Omaha', state: 'NE', zip3: '681' },
  { city: 'Pittsburgh', state: 'PA', zip3: '152' },
  { city: 'Portland', state: 'OR', zip3: '972' },
  { city: 'Providence', state: 'RI', zip3: '029' },
  { city: 'Raleigh', state: 'NC', zip3: '276' },
  { city: 'Richmond', state: 'VA', zip3: '232' },
  { city: 'Sacramento', state: 'CA', zip3: '958' },
  { city: 'Salt Lake City', state: 'UT', zip3: '841' },
  { city: 'San Antonio', state: 'TX', zip3: '782' },
  { city: 'San Diego', state: 'CA', zip3: '921' },
  { city: 'Santa Fe', state: 'NM', zip3: '875' },
  { city: 'Spokane', state: 'WA', zip3: '992' },
  { city: 'Tallahassee', state: 'FL', zip3: '323' },
  { city: 'Tucson', state: 'AZ', zip3: '857' },
  { city: 'Tulsa', state: 'OK', zip3: '741' },
];

/** Temperaments of simulated customers, one picked per task. */
export const PERSONAS: readonly string[] = [
  'You are friendly and patient, and you answer questions briefly.',
  'You are in a hurry and keep your messages short and to the point.',
  'You are a careful traveller who double-checks every detail before agreeing.',
  'You are polite but firm, and you do not like to repeat yourself.',
  'You are a little anxious about travel and want clear answers.',
  'You are relaxed and chatty, but you stay on topic when asked a question.',
  'You are businesslike and expect the agent to be efficient.',
  'You are frustrated by earlier trouble with the airline, yet willing to cooperate.',
];
