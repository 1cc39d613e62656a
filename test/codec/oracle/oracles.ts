import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';

import type { XmlElement } from '../../../nodes/shared/xml';
import { ENCODING_NAMES } from '../../../nodes/shared/xml/encoding';

/*
 * The two independent readers the codec is checked against, each giving the codec's tree shape
 * (names lower-cased, as the codec reads them in any case): saxes, a strict conformant XML 1.0
 * parser, and fast-xml-parser (validator, then parser). Bytes reach saxes through the WHATWG
 * TextDecoder, not through the codec's own decoding.
 */

export type Read = { element: XmlElement } | { refused: string };

/** Which names a declaration may give is the codec's rule (docs/xml.md); decoding the bytes is not. */
const SUPPORTED: Record<string, string> = ENCODING_NAMES;

/**
 * The body's text by the codec's documented rule (docs/xml.md), decoded by TextDecoder (windows-1252
 * by iconv-lite): the byte-order mark wins and must agree with the declaration; no mark: the declared
 * encoding, else UTF-8; ISO-8859-1 is each byte as its code point.
 */
type Decoded = { text: string } | { refused: string };

export function decodeAsDocumented(bytes: Buffer): Decoded {
	const bom =
		bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
			? 'utf-8'
			: bytes[0] === 0xff && bytes[1] === 0xfe
				? 'utf-16le'
				: bytes[0] === 0xfe && bytes[1] === 0xff
					? 'utf-16be'
					: undefined;
	const fatal = (label: string, from: Buffer): Decoded => {
		try {
			return { text: new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(from) };
		} catch (error) {
			return { refused: `${label}: ${(error as Error).message}` };
		}
	};
	const rest = bytes.subarray(bom === 'utf-8' ? 3 : bom ? 2 : 0);
	let head = rest.subarray(0, 400).toString('latin1');
	if (bom === 'utf-16le' || bom === 'utf-16be') {
		const decoded = fatal(bom, rest.subarray(0, 400));
		head = 'text' in decoded ? decoded.text : '';
	}
	const declared =
		/^[\t\n\r ]*<\?xml[\t\n\r ][^>]*?encoding[\t\n\r ]*=[\t\n\r ]*["']([^"']*)["']/.exec(head)?.[1];
	const named = declared === undefined ? undefined : SUPPORTED[declared.toLowerCase()];
	if (declared !== undefined && named === undefined) return { refused: `unsupported ${declared}` };
	if (bom) {
		if (named !== undefined && named !== bom && !(named === 'utf-16' && bom !== 'utf-8'))
			return { refused: `the mark says ${bom}, the declaration ${declared}` };
		if (bom !== 'utf-8' && rest.length % 2) return { refused: 'odd UTF-16' };
		return fatal(bom, rest);
	}
	if (
		rest
			.subarray(0, 4)
			.toString('latin1')
			.match(/^(\0<\0\?|<\0\?\0)$/)
	)
		return { refused: 'UTF-16 without a mark' };
	switch (named ?? 'utf-8') {
		case 'utf-8':
			return fatal('utf-8', rest);
		case 'iso-8859-1':
			return { text: String.fromCharCode(...rest) };
		case 'windows-1252': {
			// Node.js 20's TextDecoder reads windows-1252 as ISO-8859-1; iconv-lite has the real table.
			const text = iconv.decode(rest, 'windows-1252');
			return text.includes('\uFFFD')
				? { refused: 'a byte windows-1252 leaves undefined' }
				: { text };
		}
		case 'us-ascii':
			return rest.some((byte) => byte > 0x7f)
				? { refused: 'not ASCII' }
				: { text: String.fromCharCode(...rest) };
		default:
			return { refused: `${declared} without a byte-order mark` };
	}
}

export interface SaxesRead {
	read: Read;
	/** The version the XML declaration gave, when saxes read one. */
	version?: string;
}

/** saxes, with the codec's tree built from its events (text and CDATA joined per element, names lower-cased). */
export function readWithSaxes(text: string): SaxesRead {
	const parser = new SaxesParser();
	const open: XmlElement[] = [];
	let root: XmlElement | undefined;
	let error: string | undefined;
	let version: string | undefined;
	parser.on('xmldecl', (declaration) => (version = declaration.version));
	parser.on('opentag', (tag) => {
		const attributes: Record<string, string> = {};
		for (const [name, value] of Object.entries(tag.attributes as Record<string, string>))
			Object.defineProperty(attributes, name.toLowerCase(), {
				value,
				enumerable: true,
				writable: true,
				configurable: true,
			});
		const element: XmlElement = {
			name: tag.name.toLowerCase(),
			attributes,
			children: [],
			text: '',
		};
		if (open.length) open[open.length - 1].children.push(element);
		else root ??= element;
		if (!tag.isSelfClosing) open.push(element);
	});
	parser.on('closetag', (tag) => {
		if (!tag.isSelfClosing) open.pop();
	});
	const addText = (chunk: string) => {
		if (open.length) open[open.length - 1].text += chunk;
	};
	parser.on('text', addText);
	parser.on('cdata', addText);
	parser.on('error', (problem) => {
		error ??= problem.message;
	});
	try {
		parser.write(text).close();
	} catch (thrown) {
		error ??= (thrown as Error).message;
	}
	if (error !== undefined) return { read: { refused: error }, version };
	return root ? { read: { element: root }, version } : { read: { refused: 'no root' }, version };
}

/** Attribute names as saxes gave them, in their case: to tell an attribute repeated in another case. */
export function repeatsInAnotherCase(text: string): boolean {
	const parser = new SaxesParser();
	let repeated = false;
	parser.on('opentag', (tag) => {
		const names = Object.keys(tag.attributes).map((name) => name.toLowerCase());
		if (new Set(names).size !== names.length) repeated = true;
	});
	parser.on('error', () => undefined);
	try {
		parser.write(text).close();
	} catch {
		// only the names matter here
	}
	return repeated;
}

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const fxp = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	processEntities: true,
	htmlEntities: true,
	cdataPropName: '#cdata',
	commentPropName: '#comment',
});

function fromFxp(nodes: FxpNode[], parent: XmlElement): void {
	for (const node of nodes) {
		const name = Object.keys(node).find((key) => key !== ':@') as string;
		if (name === '#text') parent.text += String(node[name]);
		else if (name === '#cdata')
			parent.text += (node[name] as FxpNode[]).map((part) => String(part['#text'])).join('');
		else if (name !== '#comment' && !name.startsWith('?')) {
			const attributes: Record<string, string> = {};
			for (const [key, value] of Object.entries(node[':@'] ?? {}))
				Object.defineProperty(attributes, key.toLowerCase(), {
					value: String(value),
					enumerable: true,
					writable: true,
					configurable: true,
				});
			const element: XmlElement = { name: name.toLowerCase(), attributes, children: [], text: '' };
			parent.children.push(element);
			fromFxp(node[name] as FxpNode[], element);
		}
	}
}

/** fast-xml-parser as strictly as it goes: its validator, then its parser (entities and references expanded, nothing trimmed or converted). */
export function readWithFastXmlParser(text: string): Read {
	const valid = XMLValidator.validate(text);
	if (valid !== true) return { refused: valid.err.msg };
	const top: XmlElement = { name: '', attributes: {}, children: [], text: '' };
	try {
		fromFxp(fxp.parse(text) as FxpNode[], top);
	} catch (error) {
		return { refused: (error as Error).message };
	}
	if (top.children.length !== 1) return { refused: `${top.children.length} root elements` };
	return { element: top.children[0] };
}
