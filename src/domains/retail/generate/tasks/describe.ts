import { dictKeys, type PyDict, type PyValue } from '../../../../core/python/index.ts';

/** An item as a shopper names it: "the Floor Lamp (finish: brass, bulb: LED)". */
export function itemPhrase(item: Readonly<PyDict>): string {
  return `the ${String(item.name)} (${optionsText(item.options as PyDict)})`;
}

export function optionsText(options: Readonly<PyDict>): string {
  return dictKeys(options as PyDict)
    .map((key) => `${key}: ${String(options[key])}`)
    .join(', ');
}

/** How a variant differs from an item: "with color red instead of black and size L instead of M". */
export function changePhrase(from: Readonly<PyDict>, to: Readonly<PyDict>): string {
  const changes = dictKeys(to as PyDict)
    .filter((key) => from[key] !== to[key])
    .map((key) => `${key} ${String(to[key])} instead of ${String(from[key])}`);
  return `with ${listText(changes)}`;
}

/** "a", "a and b", "a, b and c". */
export function listText(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** A payment method as its owner names it. */
export function methodPhrase(method: Readonly<PyDict>): string {
  switch (method.source) {
    case 'credit_card': {
      const brand = String(method.brand);
      const name = brand === 'amex' ? 'American Express' : brand.charAt(0).toUpperCase() + brand.slice(1);
      const card = name.toLowerCase().endsWith('card') ? name : `${name} card`;
      return `your ${card} ending in ${String(method.last_four)}`;
    }
    case 'paypal':
      return 'your PayPal account';
    default:
      return 'your gift card';
  }
}

/** A money amount as the agent should say it: two decimals, no thousands separator. */
export function money(amount: PyValue): string {
  return Number(amount).toFixed(2);
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
