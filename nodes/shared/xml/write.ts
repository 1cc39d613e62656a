import { VoiceShotXmlError, describePosition, type ValuePosition } from './errors';
import { describeCharacter, findUnencodable } from './parse';

/*
 * Escaping, the one way every value is written. A character XML cannot carry is refused, naming the
 * field and where it sits. XML's metacharacters become references, and so does the white space a
 * conformant reader would change: a literal tab or line break in an attribute value (read as a
 * space) and a carriage return in text (read as a line feed).
 */
const REFERENCES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	'\t': '&#9;',
	'\n': '&#10;',
	'\r': '&#13;',
};
const IN_ATTRIBUTE = /[&<>"\t\n\r]/g;
const IN_TEXT = /[&<>\r]/g;
/** Any character to escape or to look at again; most values have none and cost this one scan. */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\u0000-\u001F&<>"\uD800-\uDFFF\uFFFE\uFFFF]/;

function escape(value: string, inValue: RegExp, field: string, position?: ValuePosition): string {
	if (!SPECIAL.test(value)) return value;
	const bad = findUnencodable(value);
	if (bad !== -1) {
		const reason = `holds the character ${describeCharacter(value, bad)} at offset ${bad}, which XML cannot carry`;
		throw new VoiceShotXmlError(
			'unencodable',
			`${field}${describePosition(position)} ${reason}`,
			field,
			position,
			reason,
		);
	}
	return value.replace(inValue, (character) => REFERENCES[character]);
}

/** A value as written inside a double-quoted attribute. */
export function escapeAttribute(value: string, field: string, position?: ValuePosition): string {
	return escape(value, IN_ATTRIBUTE, field, position);
}

export function escapeText(value: string, field: string): string {
	return escape(value, IN_TEXT, field);
}

/** ` name="value"`, or nothing when the value is absent. */
export function attribute(
	name: string,
	value: string | number | undefined,
	position?: ValuePosition,
): string {
	if (value === undefined) return '';
	if (typeof value === 'number') {
		if (!Number.isFinite(value))
			throw invalid(name, `must be a finite number, got ${value}`, position);
		return ` ${name}="${value}"`;
	}
	return ` ${name}="${escapeAttribute(value, name, position)}"`;
}

/** The codec's refusal of a field's value: `field (position) reason`, with its parts kept apart. */
function refusal(
	code: 'invalidValue' | 'missingField',
	field: string,
	reason: string,
	position?: ValuePosition,
): VoiceShotXmlError {
	return new VoiceShotXmlError(
		code,
		`${field}${describePosition(position)} ${reason}`,
		field,
		position,
		reason,
	);
}

export function invalid(
	field: string,
	reason: string,
	position?: ValuePosition,
): VoiceShotXmlError {
	return refusal('invalidValue', field, reason, position);
}

export function missing(
	field: string,
	reason: string,
	position?: ValuePosition,
): VoiceShotXmlError {
	return refusal('missingField', field, reason, position);
}
