/** Contractions and fixed phrases of "you", as the customer would say them. */
const FIXED: ReadonlyArray<[RegExp, string]> = [
  [/\byou are\b/gi, 'I am'],
  [/\byou were\b/gi, 'I was'],
  [/\byou're\b/gi, "I'm"],
  [/\byou've\b/gi, "I've"],
  [/\byou'd\b/gi, "I'd"],
  [/\byou'll\b/gi, "I'll"],
  [/\byourself\b/gi, 'myself'],
  [/\byours\b/gi, 'mine'],
  [/\byour\b/gi, 'my'],
];

/** Words after which "you" is an object ("asks you", "for you"), so it becomes "me". */
const OBJECT_AFTER = new Set(
  'to for with at about from than by of on ask asks asked tell tells told give gives gave help helps let lets send sends sent call calls offer offers show shows contact contacts charge charges refund refunds made make makes keep keeps save saves cost costs'.split(
    ' ',
  ),
);

/**
 * Turns a goal sentence written to the customer ("You received your order...") into what the
 * customer says ("I received my order..."). Only pronouns change; the rest is kept word for word.
 */
export function toFirstPerson(sentence: string): string {
  let text = sentence;
  for (const [pattern, replacement] of FIXED)
    text = text.replace(pattern, (match) => sameCase(match, replacement));
  text = text.replace(/\byou\b/gi, (_match, offset: number, whole: string) => {
    const before = /([A-Za-z]+)\W*$/.exec(whole.slice(0, offset));
    // "allows you to", "asks you": an object; otherwise the customer is the subject.
    const object =
      /^\s+to\b/.test(whole.slice(offset + 3)) ||
      (before !== null && OBJECT_AFTER.has(before[1]!.toLowerCase()));
    return object ? 'me' : 'I';
  });
  return text;
}

/** "Your" -> "My", "your" -> "my"; "I" stays capital either way. */
function sameCase(original: string, replacement: string): string {
  if (replacement.startsWith('I')) return replacement;
  const upper = original.charAt(0) === original.charAt(0).toUpperCase();
  return (
    (upper ? replacement.charAt(0).toUpperCase() : replacement.charAt(0).toLowerCase()) + replacement.slice(1)
  );
}
