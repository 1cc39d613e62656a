/**
 * The samples of docs/voiceshot-api.md and the six examples of VoiceShot's Outbound Posts page
 * (listed there), written out here as the page shows them.
 */

/** Example 4's base64, exactly as on the page: a blank line after the first line, spaces between groups. */
export const EXAMPLE_4_BASE64 =
	'UklGRmZGAABXQVZFZm10IBIAAAABAAEAgD4AAAB9AAACABAAAABmYWN0BAAAAKAPAABkYXRh\n' +
	'\n' +
	'QB8AAAgAIAAoACAAGAAgAFAAOAAwAEgAIAAoABgACAAgADgASAAYABgAGAD4//j/8P/I/7j/ uP/A/+D/mP+Y/7j/oP+g/4j/mP9o/1j/eP9Y/1j/YP8w/zD/WP9A/1D/SP9Y/1j/YP9o/3j/ oP+Q/7j/oP+Q/5j/wP/I/6j/6P/g//j/KAAQAEAASABAAEAAQABoAGAAmACAAHgAqAC4AMgA uADIALgA4AD4AOAAAAEAAfgA2AAAAQgB6ADQAMAA2ADIANgAyACYAKgAiABwAEgAQAAoABgA IPlA+YD5wPkg+kD6oPrg+gD7QPuA+wD8IPyA/OD8IP1g/YD9wP0A/mD+gP7A/iD/YP+g/+D/ AAAAAIAAAAFgAeABAAJgAiACIAMgAKD8AAHAAiADwAQABaAF4AVABkAGQAaABgAGgAUgBWAF IAVgBOAEIAUABQAFoASABMADoANgA0ADgANAA2ADAAOgAmAC4AGgAaABAAIAAsABoAEAAcAA YADA/2D/wP5A/qD9oPwg/ED7gPog+sD5YPkg+QD5oPiA+ID4QPhA+KD4YPkA+oD6oPrg+iD7 IPuA+wD8QPyg/OD8YP2g/cD94P0A/kD+oP6g/iD/YP9A/6D/oP/g/2';

/** The page's own layout: blank lines between lines, indentation in no-break spaces (U+00A0) then a space. */
export function asOnThePage(xml: string): string {
	return xml
		.split('\n')
		.map((line) =>
			line.replace(/^( +)(?=\S)/, (spaces) => '\u00A0'.repeat(spaces.length - 1) + ' '),
		)
		.join('\n\n');
}
