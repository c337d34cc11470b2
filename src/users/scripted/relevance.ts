/** Words that carry no meaning for matching a question to a sentence. */
const STOPWORDS = new Set(
  (
    'a an the and or but if then so to of in on at for with by from about as is are was were be been being ' +
    'i me my mine you your yours we our it its this that these those there here what which who whom when ' +
    'where why how do does did done have has had will would could should can may might must shall not no ' +
    'yes please thank thanks just also any some all more most very too than into out up down over only own ' +
    'same such would like want wish need let know tell provide share confirm prefer one'
  ).split(' '),
);

/** Words the agent and the customer use for the same thing: each maps to one shared token. */
const GROUPS: ReadonlyArray<[string, string]> = [
  ['birth', 'birthday birthdate dob born birth'],
  ['bag', 'bag baggage luggage suitcase checked'],
  ['pay', 'pay payment paid card certificate paypal voucher balance charge'],
  ['insurance', 'insurance insure insured'],
  ['cabin', 'cabin class economy business basic'],
  ['flight', 'flight fly flying depart departure'],
  ['cancel', 'cancel cancellation cancelling canceling cancelled canceled'],
  ['reason', 'reason why because'],
  ['refund', 'refund refunded reimburse'],
  ['address', 'address ship shipping deliver delivery street city'],
  ['passenger', 'passenger passengers traveler travelers traveller travellers people person companion'],
  ['exchange', 'exchange swap replace replacement'],
  ['return', 'return returning send back'],
  ['colour', 'color colour'],
  ['price', 'price cost cheap cheapest expensive lowest fee amount total money'],
  ['time', 'time morning afternoon evening later earlier earliest latest'],
];

const GROUP_OF = new Map<string, string>();
for (const [group, words] of GROUPS) for (const word of words.split(' ')) GROUP_OF.set(word, group);

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The meaningful words of a text, with their shared tokens, for overlap matching. */
export function keywords(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^a-z0-9#]+/)) {
    if (raw === '' || STOPWORDS.has(raw)) continue;
    const group = GROUP_OF.get(raw) ?? GROUP_OF.get(stem(raw));
    if (group !== undefined) out.add(`=${group}`);
    out.add(stem(raw));
  }
  return out;
}

/** How many meaningful words two texts share. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let count = 0;
  for (const word of a) if (b.has(word)) count++;
  return count;
}
