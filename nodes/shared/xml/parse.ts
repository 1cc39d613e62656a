import { decodeBytes } from './encoding';
import { VoiceShotXmlError } from './errors';
import { MAX_DEPTH, MAX_DOCUMENT_BYTES } from './readings';

/** An element as the decoder sees it: names lower-cased, attribute values and text decoded. */
export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	text: string;
}

export interface ParseLimits {
	maxBytes?: number;
	maxDepth?: number;
}

/*
 * A small, strict, single-pass XML 1.0 reader. It reads exactly what VoiceShot's messages use
 * (elements, attributes, text, CDATA, comments, processing instructions, an XML declaration) and
 * refuses everything else with a VoiceShotXmlError: DOCTYPE and entity declarations, undeclared
 * entities, a bare `&`, `<` in an attribute value, repeated attributes, mismatched or unclosed
 * tags, text or a second element outside the root, nesting beyond the depth bound.
 * It is iterative (a 100,000-deep document cannot overflow the stack) and never expands anything
 * but the five predefined entities and numeric character references.
 */

const NAME_START =
	':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_REST = NAME_START + '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
const ASTRAL = '[\\uD800-\\uDB7F][\\uDC00-\\uDFFF]';
/** An XML 1.0 Name (astral name characters included). */
export const XML_NAME = `(?:[${NAME_START}]|${ASTRAL})(?:[${NAME_REST}]|${ASTRAL})*`;
// eslint-disable-next-line no-misleading-character-class -- XML's name characters include combining marks, on purpose
const XML_NAME_EXACT = new RegExp(`^${XML_NAME}$`);

/* eslint-disable no-misleading-character-class -- XML's name characters include combining marks, on purpose */
const START_NAME = new RegExp(XML_NAME, 'y');
const ATTRIBUTE = new RegExp(
	`[\\t\\n\\r ]+(${XML_NAME})[\\t\\n\\r ]*=[\\t\\n\\r ]*(?:"([^"]*)"|'([^']*)')`,
	'y',
);
const TAG_END = /[\t\n\r ]*(\/?)>/y;
const END_TAG = new RegExp(`(${XML_NAME})[\\t\\n\\r ]*>`, 'y');
/* eslint-enable no-misleading-character-class */
const WHITESPACE_ONLY = /^[\t\n\r ]*$/;
const S = '[\\t\\n\\r ]';
/** The XML declaration: version 1.0 (this reader reads XML 1.0), then optionally encoding and standalone. */
const XML_DECLARATION = new RegExp(
	`<\\?xml${S}+version${S}*=${S}*(?:"1\\.0"|'1\\.0')` +
		`(?:${S}+encoding${S}*=${S}*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?` +
		`(?:${S}+standalone${S}*=${S}*(?:"(?:yes|no)"|'(?:yes|no)'))?${S}*\\?>`,
	'y',
);

/** True when `name` is an XML 1.0 Name: what the encoder may write as an element or attribute name. */
export function isXmlName(name: string): boolean {
	return XML_NAME_EXACT.test(name);
}

// eslint-disable-next-line no-control-regex
const CONTROL_OR_SURROGATE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

type MaybeWellFormed = { isWellFormed?: () => boolean };

/** String.prototype.isWellFormed (ES2024, in Node.js 20); false when missing, so that the caller looks itself. */
function isWellFormed(value: string): boolean {
	const check = (value as unknown as MaybeWellFormed).isWellFormed;
	return check !== undefined && check.call(value);
}

/**
 * Where `value` holds a character XML 1.0 cannot carry (a control character other than tab, line feed
 * and carriage return; a lone surrogate; U+FFFE, U+FFFF), or -1. One regex scan when there is none.
 */
export function findUnencodable(value: string): number {
	if (!CONTROL_OR_SURROGATE.test(value)) return -1;
	// Surrogates, but maybe all in pairs: Node.js 20 checks that natively.
	if (!CONTROL.test(value) && isWellFormed(value)) return -1;
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code < 0x20) {
			if (code !== 0x9 && code !== 0xa && code !== 0xd) return i;
		} else if (code >= 0xd800 && code <= 0xdbff) {
			const low = value.charCodeAt(i + 1);
			if (low >= 0xdc00 && low <= 0xdfff) i++;
			else return i;
		} else if ((code >= 0xdc00 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
			return i;
		}
	}
	return -1;
}

/** `U+XXXX` of the UTF-16 unit at `index`. */
export function describeCharacter(value: string, index: number): string {
	return `U+${value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
}
const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos))?;?/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Expands the five predefined entities and numeric character references, and refuses any other
 * `&`: an undeclared entity, or an ampersand XML does not allow bare.
 */
export function expandReferences(value: string): string {
	if (value.indexOf('&') === -1) return value;
	return value.replace(
		REFERENCE,
		(match, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
			if (!match.endsWith(';') || match === '&;') {
				throw new VoiceShotXmlError(
					'malformed',
					`XML is malformed: "&" must start one of the predefined entities or a character reference (${JSON.stringify(match)}); other entities are not expanded`,
				);
			}
			if (name) return PREDEFINED[name];
			const codePoint = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal as string, 10);
			if (!isXmlCharacter(codePoint)) {
				throw new VoiceShotXmlError(
					'malformed',
					`XML is malformed: character reference ${match} names no XML character`,
				);
			}
			return String.fromCodePoint(codePoint);
		},
	);
}

function isXmlCharacter(codePoint: number): boolean {
	return (
		codePoint === 0x9 ||
		codePoint === 0xa ||
		codePoint === 0xd ||
		(codePoint >= 0x20 && codePoint <= 0xd7ff) ||
		(codePoint >= 0xe000 && codePoint <= 0xfffd) ||
		(codePoint >= 0x10000 && codePoint <= 0x10ffff)
	);
}

function where(xml: string, index: number): string {
	let line = 1;
	let lineStart = 0;
	for (let i = xml.indexOf('\n'); i !== -1 && i < index; i = xml.indexOf('\n', i + 1)) {
		line++;
		lineStart = i + 1;
	}
	return `line ${line}, column ${index - lineStart + 1}`;
}

function malformed(xml: string, index: number, message: string): VoiceShotXmlError {
	return new VoiceShotXmlError('malformed', `XML is malformed: ${message} (${where(xml, index)})`);
}

function setAttribute(attributes: Record<string, string>, name: string, value: string): void {
	if (name === '__proto__') {
		Object.defineProperty(attributes, name, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	} else {
		attributes[name] = value;
	}
}

function textOf(xml: string, raw: string, index: number): string {
	if (raw.indexOf(']]>') !== -1)
		throw malformed(xml, index + raw.indexOf(']]>'), '"]]>" may not appear in text');
	return raw.indexOf('&') === -1 ? raw : expandReferences(raw);
}

/**
 * Parses one XML document safely: no DOCTYPE, no entity declarations, no undeclared entities,
 * bounded size and depth, exactly one root element. Every failure is a VoiceShotXmlError.
 * Values are kept as sent: no attribute-value or line-end normalisation.
 */
export function parseXml(input: string | Buffer, limits: ParseLimits = {}): XmlElement {
	const maxBytes = limits.maxBytes ?? MAX_DOCUMENT_BYTES;
	const maxDepth = limits.maxDepth ?? MAX_DEPTH;
	const byteLength =
		typeof input !== 'string'
			? input.byteLength
			: input.length * 3 > maxBytes
				? Buffer.byteLength(input, 'utf8')
				: input.length;
	if (byteLength > maxBytes) {
		throw new VoiceShotXmlError('tooLarge', `XML is larger than ${maxBytes} bytes`);
	}
	const { text, plainAscii } =
		typeof input === 'string' ? { text: input, plainAscii: false } : decodeBytes(input);
	let xml = text;
	if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
	if (xml.trim() === '') throw new VoiceShotXmlError('empty', 'The body is empty: expected XML');
	const forbidden = plainAscii ? -1 : findUnencodable(xml);
	if (forbidden !== -1) {
		throw new VoiceShotXmlError(
			'malformed',
			`XML is malformed: it contains the character ${describeCharacter(xml, forbidden)}, which XML 1.0 cannot carry (${where(xml, forbidden)})`,
		);
	}
	return scan(xml, maxDepth);
}

/**
 * Where the processing instruction or XML declaration starting at `start` ends. Its target is a name
 * followed by whitespace or `?>`; `xml` in any case is reserved for the declaration, which may
 * only open the document.
 */
function processingInstructionEnd(xml: string, start: number, prologStart: boolean): number {
	START_NAME.lastIndex = start + 2;
	const target = START_NAME.exec(xml)?.[0];
	if (target === undefined)
		throw malformed(xml, start, 'a processing instruction must start with a name');
	if (target.toLowerCase() === 'xml') {
		if (target !== 'xml' || !prologStart) {
			throw malformed(
				xml,
				start,
				`<?${target} is reserved for the XML declaration, which may only open the document`,
			);
		}
		XML_DECLARATION.lastIndex = start;
		if (!XML_DECLARATION.test(xml)) {
			throw malformed(
				xml,
				start,
				'the XML declaration is not well formed: expected version="1.0", then optionally encoding and standalone, in that order',
			);
		}
		return XML_DECLARATION.lastIndex;
	}
	const afterTarget = start + 2 + target.length;
	const close = xml.indexOf('?>', afterTarget);
	if (close === -1) throw malformed(xml, start, 'a processing instruction is not closed');
	if (close !== afterTarget && !/[\t\n\r ]/.test(xml[afterTarget])) {
		throw malformed(
			xml,
			start,
			`the target of a processing instruction must be followed by whitespace or "?>"`,
		);
	}
	return close + 2;
}

function scan(xml: string, maxDepth: number): XmlElement {
	const length = xml.length;
	const open: XmlElement[] = [];
	const openNames: string[] = [];
	let current: XmlElement | undefined;
	let root: XmlElement | undefined;
	/** Only whitespace so far: where an XML declaration may stand (leading whitespace tolerated). */
	let prologStart = true;
	let i = 0;
	while (i < length) {
		const lt = xml.indexOf('<', i);
		const end = lt === -1 ? length : lt;
		if (end > i) {
			const raw = xml.slice(i, end);
			if (current) {
				current.text += textOf(xml, raw, i);
			} else if (!WHITESPACE_ONLY.test(raw)) {
				throw malformed(
					xml,
					i,
					root ? 'text after the root element' : 'text before the root element',
				);
			}
		}
		if (lt === -1) break;
		i = lt;
		const next = xml.charCodeAt(i + 1);
		if (next === 0x2f /* / */) {
			END_TAG.lastIndex = i + 2;
			const match = END_TAG.exec(xml);
			if (!match) throw malformed(xml, i, 'a closing tag is not well formed');
			const expected = openNames.pop();
			if (expected === undefined)
				throw malformed(xml, i, `closing tag </${match[1]}> has no opening tag`);
			if (expected !== match[1])
				throw malformed(xml, i, `expected </${expected}>, got </${match[1]}>`);
			open.pop();
			current = open.length ? open[open.length - 1] : undefined;
			i = END_TAG.lastIndex;
		} else if (next === 0x21 /* ! */) {
			if (xml.startsWith('<!--', i)) {
				const close = xml.indexOf('-->', i + 4);
				if (close === -1) throw malformed(xml, i, 'a comment is not closed');
				if (xml.indexOf('--', i + 4) < close)
					throw malformed(xml, i, '"--" may not appear in a comment');
				i = close + 3;
			} else if (xml.startsWith('<![CDATA[', i)) {
				if (!current) throw malformed(xml, i, 'CDATA outside the root element');
				const close = xml.indexOf(']]>', i + 9);
				if (close === -1) throw malformed(xml, i, 'a CDATA section is not closed');
				current.text += xml.slice(i + 9, close);
				i = close + 3;
			} else if (/^<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(xml.slice(i, i + 10))) {
				throw new VoiceShotXmlError(
					'doctype',
					`XML with a DOCTYPE or entity declaration is refused (${where(xml, i)})`,
				);
			} else {
				throw malformed(xml, i, 'unexpected "<!"');
			}
		} else if (next === 0x3f /* ? */) {
			i = processingInstructionEnd(xml, i, prologStart);
		} else {
			START_NAME.lastIndex = i + 1;
			const nameMatch = START_NAME.exec(xml);
			if (!nameMatch) throw malformed(xml, i, 'a tag must start with a name');
			const rawName = nameMatch[0];
			const attributes: Record<string, string> = {};
			let position = START_NAME.lastIndex;
			for (;;) {
				ATTRIBUTE.lastIndex = position;
				const attribute = ATTRIBUTE.exec(xml);
				if (!attribute) break;
				const name = attribute[1].toLowerCase();
				let value = attribute[2] ?? (attribute[3] as string);
				if (Object.hasOwn(attributes, name)) {
					throw malformed(
						xml,
						position,
						`attribute ${attribute[1]} is repeated (attribute names are read in any case)`,
					);
				}
				if (value.indexOf('<') !== -1)
					throw malformed(xml, position, `"<" in the value of attribute ${attribute[1]}`);
				if (value.indexOf('&') !== -1) value = expandReferences(value);
				setAttribute(attributes, name, value);
				position = ATTRIBUTE.lastIndex;
			}
			TAG_END.lastIndex = position;
			const tagEnd = TAG_END.exec(xml);
			if (!tagEnd) throw malformed(xml, position, `the tag <${rawName}> is not well formed`);
			if (open.length + 1 > maxDepth) {
				throw new VoiceShotXmlError('tooDeep', `XML nests elements deeper than ${maxDepth} levels`);
			}
			const element: XmlElement = {
				name: rawName.toLowerCase(),
				attributes,
				children: [],
				text: '',
			};
			if (current) {
				current.children.push(element);
			} else if (root) {
				throw malformed(xml, i, 'expected exactly one root element');
			} else {
				root = element;
			}
			if (tagEnd[1] === '') {
				open.push(element);
				openNames.push(rawName);
				current = element;
			}
			i = TAG_END.lastIndex;
		}
		prologStart = false;
	}
	if (openNames.length)
		throw malformed(xml, length, `the tag <${openNames[openNames.length - 1]}> is not closed`);
	if (!root) throw malformed(xml, length, 'no root element');
	return root;
}
