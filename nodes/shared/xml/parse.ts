import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';

const parserCache = new Map<number, XMLParser>();

function parserFor(maxDepth: number): XMLParser {
	let parser = parserCache.get(maxDepth);
	if (!parser) {
		parser = new XMLParser({
			preserveOrder: true,
			ignoreAttributes: false,
			attributeNamePrefix: '',
			parseTagValue: false,
			parseAttributeValue: false,
			trimValues: false,
			processEntities: false,
			htmlEntities: false,
			ignoreDeclaration: true,
			ignorePiTags: true,
			maxNestedTags: maxDepth,
			transformTagName: (name: string) => name.toLowerCase(),
			transformAttributeName: (name: string) => name.toLowerCase(),
		});
		parserCache.set(maxDepth, parser);
	}
	return parser;
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DECLARATION_OR_ENTITY = /<!DOCTYPE|<!ENTITY/i;
const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos))?;?/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Expands the five predefined entities and numeric character references, and refuses any other
 * `&`: an undeclared entity, or an ampersand XML does not allow bare.
 */
export function expandReferences(value: string): string {
	if (value.indexOf('&') === -1) return value;
	return value.replace(REFERENCE, (match, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
		if (!match.endsWith(';') || match === '&;') {
			throw new VoiceShotXmlError('malformed', `XML is malformed: "&" must start an entity reference (${JSON.stringify(match)})`);
		}
		if (name) return PREDEFINED[name];
		const codePoint = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal as string, 10);
		if (!isXmlCharacter(codePoint)) {
			throw new VoiceShotXmlError('malformed', `XML is malformed: character reference ${match} names no XML character`);
		}
		return String.fromCodePoint(codePoint);
	});
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

const DECLARED_ENCODING = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;
const SINGLE_BYTE_ENCODINGS = new Set(['iso-8859-1', 'latin1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252']);

/** Bytes to text: UTF-8 unless the declaration names a single-byte encoding. */
export function bytesToText(body: Buffer): string {
	const head = body.subarray(0, 200).toString('latin1');
	const declared = DECLARED_ENCODING.exec(head)?.[1]?.toLowerCase();
	return declared && SINGLE_BYTE_ENCODINGS.has(declared) ? body.toString('latin1') : body.toString('utf8');
}

/**
 * Parses one XML document safely: no DOCTYPE, no entity declarations, no undeclared entities,
 * bounded size and depth, exactly one root element. Every failure is a VoiceShotXmlError.
 */
export function parseXml(input: string | Buffer, limits: ParseLimits = {}): XmlElement {
	const maxBytes = limits.maxBytes ?? MAX_DOCUMENT_BYTES;
	const maxDepth = limits.maxDepth ?? MAX_DEPTH;
	const byteLength = typeof input === 'string' ? input.length : input.byteLength;
	if (byteLength > maxBytes) {
		throw new VoiceShotXmlError('tooLarge', `XML is larger than ${maxBytes} bytes`);
	}
	let xml = typeof input === 'string' ? input : bytesToText(input);
	if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
	if (xml.trim() === '') throw new VoiceShotXmlError('empty', 'The body is empty: expected XML');
	if (DECLARATION_OR_ENTITY.test(xml)) {
		throw new VoiceShotXmlError('doctype', 'XML with a DOCTYPE or entity declaration is refused');
	}
	const forbidden = FORBIDDEN_CHARACTER.exec(xml);
	if (forbidden) {
		throw new VoiceShotXmlError(
			'malformed',
			`XML is malformed: it contains the character U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 cannot carry`,
		);
	}
	const validation = XMLValidator.validate(xml);
	if (validation !== true) {
		const { msg, line, col } = validation.err;
		throw new VoiceShotXmlError('malformed', `XML is malformed: ${msg} (line ${line}, column ${col})`);
	}
	const nodes = runParser(xml, maxDepth);
	if (nodes instanceof Error) {
		if (/nested/i.test(nodes.message)) {
			throw new VoiceShotXmlError('tooDeep', `XML nests elements deeper than ${maxDepth} levels`);
		}
		throw new VoiceShotXmlError('malformed', `XML is malformed: ${nodes.message}`);
	}
	const roots = toElements(nodes);
	if (roots.elements.length !== 1 || roots.text.trim() !== '') {
		throw new VoiceShotXmlError(
			'malformed',
			roots.elements.length === 0
				? 'XML is malformed: no root element'
				: 'XML is malformed: expected exactly one root element',
		);
	}
	return roots.elements[0];
}

function runParser(xml: string, maxDepth: number): OrderedNode[] | Error {
	try {
		return parserFor(maxDepth).parse(xml) as OrderedNode[];
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

function toElements(nodes: OrderedNode[]): { elements: XmlElement[]; text: string } {
	const elements: XmlElement[] = [];
	let text = '';
	for (const node of nodes) {
		for (const key in node) {
			if (key === ATTRIBUTES_KEY) continue;
			const value = node[key];
			if (key === TEXT_KEY) {
				text += String(value);
				continue;
			}
			const attributes: Record<string, string> = {};
			const raw = node[ATTRIBUTES_KEY];
			if (raw) {
				for (const name in raw) attributes[name] = expandReferences(raw[name]);
			}
			const inner = toElements(value as OrderedNode[]);
			elements.push({ name: key, attributes, children: inner.elements, text: expandReferences(inner.text) });
		}
	}
	return { elements, text };
}
