/**
 * The one rule for every number field (Phone Numbers, Caller ID, Transfer To, the credential's
 * Default Caller ID, Call Command → Reply's Caller ID and Transfer To), and for the codec that
 * writes them: the same normalisation, the same refusal text.
 *
 * A number of 10 digits, or 11 starting with 1 (the country code of the North American Numbering
 * Plan), is North American and is checked by the plan's structure: `NPA-NXX-XXXX`, area code and
 * exchange each `[2-9]XX`. Refused besides: N11 service codes (211…911), the area codes the plan
 * keeps for its own expansion and never assigns (N9X, 37X, 96X), and 900, premium rate (the
 * caller pays the number's charges). Only the structure is checked, never a list of assigned
 * codes, which grows every year. 555-0100 to 555-0199 (reserved for fiction) stay callable.
 * Other lengths keep the rule the node always had: 12 to 15 digits, as written.
 */

/** What the two kinds of field take: any phone number, or a caller ID (10 digits, documented). */
export type NumberKind = 'phone' | 'callerId';

export type ReadNumber = { number: string } | { problem: string };

const PUNCTUATION = /[\s\-.()]/g;
const EXAMPLE = 'A valid number looks like (818) 555-0100 or +1 818 555 0100';

/** Why 10 North American digits cannot be a number, or undefined. */
function nanpProblem(digits: string): string | undefined {
	const area = digits.slice(0, 3);
	const exchange = digits.slice(3, 6);
	if (area[0] === '0' || area[0] === '1')
		return `has area code ${area}: area codes start with 2 to 9`;
	if (area.slice(1) === '11')
		return `has ${area} for an area code: N11 codes (411, 911…) are service codes, not area codes`;
	if (area[1] === '9' || area.startsWith('37') || area.startsWith('96'))
		return `has area code ${area}: the numbering plan keeps N9X, 37X and 96X for its own expansion and never assigns them`;
	if (area === '900')
		return "has area code 900: premium rate, where the caller pays the number's charges, so it is never called";
	if (exchange[0] === '0' || exchange[0] === '1')
		return `has exchange ${exchange} (the 3 digits after the area code): exchanges start with 2 to 9`;
	if (exchange.slice(1) === '11')
		return `has exchange ${exchange} (the 3 digits after the area code): N11 codes are service codes, not exchanges`;
	return undefined;
}

/**
 * A number as a user writes it: spaces, dashes, dots and parentheses go, and a leading +1 or 1
 * before 10 digits (North American numbers come out as their 10 digits). Anything else that is not
 * a phone number is a problem, never silently changed.
 */
export function readPhoneNumber(value: string, kind: NumberKind = 'phone'): ReadNumber {
	const written = value.replace(PUNCTUATION, '');
	if (written === '') return { problem: 'is empty' };
	let digits = written;
	if (written.startsWith('+')) {
		if (!written.startsWith('+1'))
			return {
				problem:
					'has a country code other than +1: only +1 (the United States, Canada and the Caribbean) is understood',
			};
		digits = written.slice(2);
		if (!/^[0-9]{10}$/.test(digits))
			return {
				problem: `has ${countDigits(digits)} digits after +1: a North American number has 10 (area code, exchange, line)`,
			};
	}
	const other = /[^0-9]/.exec(digits);
	if (other)
		return {
			problem: `has ${JSON.stringify(other[0])} in it: only digits, spaces, dashes, dots, parentheses and a leading +1 are understood`,
		};
	if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
	if (digits.length === 10) {
		const problem = nanpProblem(digits);
		return problem ? { problem } : { number: digits };
	}
	if (digits.length < 10)
		return {
			problem: `has ${digits.length} digits: the area code is missing (a North American number has 10: area code, exchange, line)`,
		};
	if (kind === 'callerId')
		return {
			problem: `has ${digits.length} digits: a caller ID is a North American number of 10 digits`,
		};
	if (digits.length > 15)
		return { problem: `has ${digits.length} digits: no phone number has more than 15` };
	return { number: digits };
}

function countDigits(text: string): number {
	return text.replace(/[^0-9]/g, '').length;
}

/** The refusal every number field gives: the value, the rule it breaks, what a valid one looks like. */
export function numberRefusal(value: string, problem: string): string {
	return `holds ${JSON.stringify(value.trim())}, which ${problem}. ${EXAMPLE}`;
}

/**
 * What the codec writes: digits only, as readPhoneNumber gives them (an 11-digit North American
 * number may keep its leading 1, as VoiceShot's own summaries write it; a caller ID is exactly 10
 * digits, as documented). The refusal text, or undefined.
 */
export function wireNumberProblem(digits: string, kind: NumberKind = 'phone'): string | undefined {
	const read = readPhoneNumber(digits, kind);
	if ('problem' in read) return numberRefusal(digits, read.problem);
	if (!/^[0-9]+$/.test(digits))
		return numberRefusal(digits, 'is not written as digits only, as numbers are sent');
	if (kind === 'callerId' && read.number !== digits)
		return numberRefusal(digits, 'has 11 digits: VoiceShot takes a caller ID as exactly 10 digits');
	return undefined;
}
