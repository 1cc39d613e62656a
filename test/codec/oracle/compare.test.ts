import { sameOnceNormalised } from './compare';

describe("the oracles' line-end comparison", () => {
	it.each([
		['a\r\nb', 'a\nb', false, true],
		['a\rb', 'a\nb', false, true],
		// an element's text joins its runs: "\r" ending one run, "\n" starting the next (seed 1079512798)
		['\r\n\t\t\r\n\t', '\n\t\t\n\n\t', false, true],
		['a\r\nb', 'a\n\nb', true, false],
		['a\r\n\nb', 'a\nb', false, false],
		['a\r\nb', 'a b', true, true],
		['a\nb', 'a\r\nb', false, false],
	])('%j against %j (attribute: %s): %s', (ours, theirs, inAttribute, same) => {
		expect(sameOnceNormalised(ours, theirs, inAttribute)).toBe(same);
	});
});
