import type { XmlElement } from '../../../nodes/shared/xml';

/**
 * Whether `ours` (kept as sent) reads as `theirs` once normalised as a conformant parser does: a
 * CR LF or a lone CR becomes a line feed (a space in an attribute, where a literal tab or line feed
 * also becomes a space). Characters that came from references are never normalised, so the two
 * are walked side by side, equal characters first. An element's text joins its runs between child
 * elements, so there a CR LF may also be a CR ending one run and an LF starting the next: two line
 * ends. Both readings are tried.
 */
export function sameOnceNormalised(ours: string, theirs: string, inAttribute: boolean): boolean {
	const lineEnd = inAttribute ? ' ' : '\n';
	const failed = new Set<number>();
	const walk = (i: number, j: number): boolean => {
		for (;;) {
			if (i === ours.length || j === theirs.length) return i === ours.length && j === theirs.length;
			const a = ours[i];
			const b = theirs[j];
			if (a === b) {
				i++;
				j++;
			} else if (a === '\r' && b === lineEnd) {
				if (ours[i + 1] !== '\n' || inAttribute || theirs[j + 1] !== lineEnd) {
					// one reading only: a lone CR, or a CR LF
					i += ours[i + 1] === '\n' ? 2 : 1;
					j++;
					continue;
				}
				const key = i * (theirs.length + 1) + j;
				if (failed.has(key)) return false;
				if (walk(i + 2, j + 1) || walk(i + 1, j + 1)) return true;
				failed.add(key);
				return false;
			} else if (inAttribute && (a === '\t' || a === '\n') && b === ' ') {
				i++;
				j++;
			} else {
				return false;
			}
		}
	};
	return walk(0, 0);
}

export type Comparison = 'same' | 'sameOnceNormalised' | { different: string };

/** Compares two trees: names, attributes (same names, values), text, children in order. */
export function compareTrees(
	ours: XmlElement,
	theirs: XmlElement,
	attributesNormalised = true,
	path = '',
): Comparison {
	const here = `${path}/${ours.name}`;
	if (ours.name !== theirs.name) return { different: `${here}: element ${theirs.name}` };
	const names = Object.keys(ours.attributes).sort();
	const theirNames = Object.keys(theirs.attributes).sort();
	if (names.join(' ') !== theirNames.join(' '))
		return { different: `${here}: attributes [${names}] against [${theirNames}]` };
	let result: Comparison = 'same';
	const value = (a: string, b: string, inAttribute: boolean, what: string): Comparison => {
		if (a === b) return 'same';
		return sameOnceNormalised(a, b, inAttribute)
			? 'sameOnceNormalised'
			: { different: `${here}${what}: ${JSON.stringify(a)} against ${JSON.stringify(b)}` };
	};
	const steps: Array<() => Comparison> = [
		...names.map(
			(name) => () =>
				value(ours.attributes[name], theirs.attributes[name], attributesNormalised, `@${name}`),
		),
		() => value(ours.text, theirs.text, false, ' text'),
		() =>
			ours.children.length === theirs.children.length
				? 'same'
				: {
						different: `${here}: ${ours.children.length} children against ${theirs.children.length}`,
					},
		...ours.children.map(
			(element, index) => () =>
				compareTrees(element, theirs.children[index], attributesNormalised, here),
		),
	];
	for (const step of steps) {
		const comparison = step();
		if (typeof comparison === 'object') return comparison;
		if (comparison === 'sameOnceNormalised') result = comparison;
	}
	return result;
}
