/**
 * Sigma's own word lists for generated retail customers and addresses. Names are plain ASCII letters
 * (they become parts of user ids such as `adele_novak_4821`).
 */

const words = (text: string): readonly string[] => Object.freeze(text.trim().split(/\s+/));

export const FIRST_NAMES = words(`
  Adele Alma Beatriz Bruno Camila Cyrus Dalia Dmitri Elena Emeka Farah Freya Gideon Gustavo Hana Hiro
  Ilse Ines Jaya Jonah Kenji Kofi Leila Lucia Marco Mateo Nadia Nia Oskar Priya Quinn Rosa Samir Tariq
  Uma Viktor Wren Ximena Yuki Zane
`);

export const LAST_NAMES = words(`
  Abara Almeida Bergstrom Brennan Castillo Chowdhury Delgado Dubois Eriksen Esposito Ferreira Fontaine
  Gallagher Grant Haddad Holm Ibrahim Iwata Jensen Jovanovic Kaur Kowalski Laine Lindqvist Mbeki Moreau
  Nakamura Novak Okafor Ostrowski Petrov Quintero Sato Tanaka Underwood Varga Whitfield Xu Yilmaz Zhou
`);

export const STREET_NAMES = words(`
  Alder Aspen Beacon Birch Canal Creek Cypress Foxglove Franklin Garfield Harbor Hawthorn Heron Jefferson
  Juniper Kestrel Lincoln Linden Magnolia Meadow Mill Orchard Poplar Prospect Quarry Ridge Summit Sycamore
  Union Valley
`);

export const STREET_SUFFIXES = words('Street Avenue Road Lane Court Way Place Boulevard Terrace Drive');

export const CARD_BRANDS = words('visa mastercard amex');

export interface City {
  city: string;
  state: string;
  /** The first three digits of the city's zip codes. */
  zipPrefix: string;
}

/** `City, ST, 123` per entry. */
export const CITIES: readonly City[] = Object.freeze(
  [
    'Portland, OR, 972',
    'Boise, ID, 837',
    'Omaha, NE, 681',
    'Tucson, AZ, 857',
    'Albuquerque, NM, 871',
    'Minneapolis, MN, 554',
    'Milwaukee, WI, 532',
    'Kansas City, MO, 641',
    'St. Louis, MO, 631',
    'Nashville, TN, 372',
    'Louisville, KY, 402',
    'Raleigh, NC, 276',
    'Richmond, VA, 232',
    'Baltimore, MD, 212',
    'Pittsburgh, PA, 152',
    'Cleveland, OH, 441',
    'Detroit, MI, 482',
    'Buffalo, NY, 142',
    'Boston, MA, 021',
    'Providence, RI, 029',
    'Hartford, CT, 061',
    'Atlanta, GA, 303',
    'Tampa, FL, 336',
    'Orlando, FL, 328',
    'New Orleans, LA, 701',
    'Salt Lake City, UT, 841',
    'Sacramento, CA, 958',
    'Oakland, CA, 946',
    'Spokane, WA, 992',
    'Madison, WI, 537',
    'Des Moines, IA, 503',
    'Honolulu, HI, 968',
  ].map((line) => {
    const [city, state, zipPrefix] = line.split(', ') as [string, string, string];
    return { city, state, zipPrefix };
  }),
);
