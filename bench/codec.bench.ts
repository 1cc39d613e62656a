import { sanitizeXmlName } from 'n8n-workflow';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Builder, Parser } from 'xml2js';

import {
	decodePost,
	decodeReply,
	encodeRequest,
	escapeAttribute,
	type CallQueryReply,
	type QueriedCall,
	type SendRequest,
} from '../nodes/shared/xml';
import { decodeRequest, encodeReply } from '../simulator/codec';
import { RECORDING_BYTES, recordingOf, summaryBodyOf } from './trigger-fixture';
import { measure, ms, ratioOfRounds, sameValue, type BenchRow, type BenchSection } from './harness';

const COUNT = 10_000;

/** A send of 10,000 numbers, each with its own callid and its own spoken prompt; some texts need escaping. */
export function sendOf(count: number): SendRequest {
	const numbers: SendRequest['numbers'] = [];
	for (let i = 0; i < count; i++) {
		const tts =
			i % 10 === 0
				? `Dear "Tom & Jerry" <${i}>, your order is ready.`
				: i % 10 === 1
					? `Grüße, Zoë: Ihre Bestellung ${i} ist bereit 📦`
					: `Hello customer ${i}, your package arrives on Monday.`;
		numbers.push({
			number: String(8185550000 + i),
			callid: `order-${i}`,
			prompts: [{ promptid: '1', tts }],
		});
	}
	return { kind: 'send', channel: 'voice', menuid: '1-1234', callerid: '8005550100', numbers };
}

/** The answer to a call query over a campaign of 10,000 calls. */
export function callQueryResultOf(count: number): CallQueryReply {
	const calls: QueriedCall[] = [];
	for (let i = 0; i < count; i++) {
		const keypress = i % 4 === 0 ? '' : String(i % 10);
		const comment = i % 3 === 0 ? 'Answering Machine' : 'Human Answer';
		const attributes = {
			number: String(18185550000 + i),
			dateandtime: `5/22/2004 4:${String(i % 60).padStart(2, '0')}:15 PM`,
			callid: `order-${i}`,
			duration: String(i % 90),
			status: 'Successful',
			comment,
		};
		calls.push({
			number: attributes.number,
			callid: attributes.callid,
			dateandtime: attributes.dateandtime,
			duration: i % 90,
			status: 'Successful',
			comment,
			prompts: [{ promptid: '1', keypress, attributes: { promptid: '1', keypress } }],
			attributes,
		});
	}
	return { kind: 'callQueryResult', menuid: '1-1234', calls, attributes: { menuid: '1-1234' } };
}

/** The same send as xml2js's Builder takes it. */
function xml2jsSendObject(request: SendRequest): unknown {
	return {
		campaign: {
			$: { menuid: request.menuid, action: '0', callerid: request.callerid },
			phonenumbers: {
				phonenumber: request.numbers.map((entry) => ({
					$: { number: entry.number, callid: entry.callid },
					prompts: {
						prompt: (entry.prompts ?? []).map((prompt) => ({
							$: { promptid: prompt.promptid, tts: prompt.tts },
						})),
					},
				})),
			},
		},
	};
}

/**
 * The floor: the same string built by plain concatenation of values escaped beforehand,
 * with no validation and no escaping in the timed part.
 */
function concatenationFloor(request: SendRequest): () => string {
	const menuid = request.menuid;
	const callerid = request.callerid as string;
	const rows = request.numbers.map((entry) => {
		const prompt = (entry.prompts ?? [])[0];
		return {
			number: entry.number,
			callid: entry.callid as string,
			promptid: prompt.promptid as string,
			tts: escapeAttribute(prompt.tts as string, 'tts'),
		};
	});
	return () => {
		let out =
			'<campaign menuid="' + menuid + '" action="0" callerid="' + callerid + '"><phonenumbers>';
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i];
			out +=
				'<phonenumber number="' +
				row.number +
				'" callid="' +
				row.callid +
				'"><prompts><prompt promptid="' +
				row.promptid +
				'" tts="' +
				row.tts +
				'"/></prompts></phonenumber>';
		}
		return out + '</phonenumbers></campaign>';
	};
}

/**
 * fast-xml-parser as strict as the codec must be: its validator (its parser alone accepts mismatched
 * tags), then its parser with entities, value conversion and trimming off. It only builds a tree:
 * the typed decoding the codec also does is not counted. This is why the codec has its own reader.
 */
function fastXmlParserStrict(): (xml: string) => unknown {
	const parser = new XMLParser({
		preserveOrder: true,
		ignoreAttributes: false,
		attributeNamePrefix: '',
		parseTagValue: false,
		parseAttributeValue: false,
		trimValues: false,
		processEntities: false,
		htmlEntities: false,
		transformTagName: (name: string) => name.toLowerCase(),
		transformAttributeName: (name: string) => name.toLowerCase(),
	});
	return (xml) => {
		if (XMLValidator.validate(xml) !== true)
			throw new Error('fast-xml-parser refused the document');
		return parser.parse(xml) as unknown;
	};
}

/** xml2js as n8n itself configures it for XML webhook bodies (synchronous here, so that it can be timed). */
function n8nXmlParser(): Parser {
	return new Parser({
		async: false,
		normalize: true,
		normalizeTags: true,
		explicitArray: false,
		tagNameProcessors: [sanitizeXmlName],
		attrNameProcessors: [sanitizeXmlName],
	});
}

function parseWithXml2js(parser: Parser, xml: string): unknown {
	let result: unknown;
	parser.parseString(xml, (error: Error | null, value: unknown) => {
		if (error) throw error;
		result = value;
	});
	if (result === undefined) throw new Error('xml2js did not answer synchronously');
	return result;
}

/**
 * Reads the string once. V8 keeps a string built by `+=` as a rope of pieces and copies it into one
 * piece only when it is first read (as sending it does); reading it here bills that copy to whoever
 * built the string, so that a rope of a million pieces does not pass for a finished string.
 */
function flatten(text: string): string {
	if (text.charCodeAt(text.length >> 1) < 0) throw new Error('unreachable');
	return text;
}

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(`bench: ${message}`);
}

export const codecSection: BenchSection = {
	title: 'Codec',
	description:
		`Encoding a send of ${COUNT.toLocaleString('en-US')} numbers (each with its own callid and spoken prompt) and decoding a call-query result of ` +
		`${COUNT.toLocaleString('en-US')} calls, against xml2js 0.6 (the parser n8n uses for XML webhook bodies, with n8n's options; its Builder for encoding) ` +
		'and against the floor: the same string by plain concatenation of pre-escaped values, and `JSON.parse` of the same data as JSON. ' +
		"Every encoder's string is read once in the timed part (V8 builds `+=` strings as ropes and copies them into one piece on first read, as sending does). " +
		"Each ratio is the median over rounds of the ratio within a round (each round runs every contestant once, in turn, after a garbage collection and one untimed run of the same contestant, so that neither another contestant's garbage nor a young generation shrunk by the collection is billed to it); the timings shown are medians.",
	run(): BenchRow[] {
		const rows: BenchRow[] = [];

		// Encoding.
		const request = sendOf(COUNT);
		const builder = new Builder({ headless: true, renderOpts: { pretty: false } });
		const builderInput = xml2jsSendObject(request);
		const floor = concatenationFloor(request);
		const encoded = encodeRequest(request);
		check(
			floor() === encoded,
			'the concatenation floor does not build the same string as the encoder',
		);
		check(
			sameValue(decodeRequest(builder.buildObject(builderInput)), request),
			"xml2js's Builder does not write the same request",
		);
		check(
			sameValue(decodeRequest(encoded), request),
			'the encoded send does not decode back to the request',
		);
		const encoding = measure(
			[
				{ name: 'codec', run: () => flatten(encodeRequest(request)) },
				{ name: 'xml2js', run: () => flatten(builder.buildObject(builderInput)) },
				{ name: 'floor', run: () => flatten(floor()) },
			],
			{ warmup: 10, repetitions: 61, collect: 'settled' },
		);
		const encodeDetail = `codec ${ms(encoding.codec.medianMs)}, xml2js Builder ${ms(encoding.xml2js.medianMs)}, concatenation ${ms(encoding.floor.medianMs)}; ${(encoded.length / 1e6).toFixed(2)} M characters`;
		rows.push({
			figure: `encode a send of ${COUNT.toLocaleString('en-US')} numbers: xml2js Builder time / codec time`,
			ratio: ratioOfRounds(encoding.xml2js, encoding.codec),
			unit: '× faster than xml2js',
			target: { op: '>=', value: 5 },
			detail: encodeDetail,
		});
		rows.push({
			figure: `encode a send of ${COUNT.toLocaleString('en-US')} numbers: codec time / concatenation floor (informative: the encoder is written for a reader, and a send spends seconds on the network)`,
			ratio: ratioOfRounds(encoding.codec, encoding.floor),
			unit: '× the floor',
			detail: encodeDetail,
		});

		// For the record: the same builders when nobody reads their string (V8 leaves it a rope of pieces).
		const unread = measure(
			[
				{ name: 'codec', run: () => encodeRequest(request) },
				{ name: 'floor', run: floor },
			],
			{ warmup: 10, repetitions: 61, collect: 'settled' },
		);
		rows.push({
			figure: `encode a send of ${COUNT.toLocaleString('en-US')} numbers, string left unread: codec time / concatenation time (informative)`,
			ratio: ratioOfRounds(unread.codec, unread.floor),
			unit: '× the floor',
			detail: `codec ${ms(unread.codec.medianMs)} (validation, escaping, building), concatenation ${ms(unread.floor.medianMs)} (building only: pieces linked, nothing copied)`,
		});

		// Decoding.
		const reply = callQueryResultOf(COUNT);
		const xml = encodeReply(reply);
		const json = JSON.stringify(reply);
		const parser = n8nXmlParser();
		const strictFastXmlParser = fastXmlParserStrict();
		check(
			sameValue(decodeReply(xml), reply),
			'the call-query result does not decode to the expected value',
		);
		const parsedByXml2js = parseWithXml2js(parser, xml) as {
			campaign: { phonenumbers: { phonenumber: unknown[] } };
		};
		check(
			parsedByXml2js.campaign.phonenumbers.phonenumber.length === COUNT,
			'xml2js did not read every call',
		);
		const decoding = measure(
			[
				{ name: 'codec', run: () => decodeReply(xml) },
				{ name: 'xml2js', run: () => parseWithXml2js(parser, xml) },
				{ name: 'fastXmlParser', run: () => strictFastXmlParser(xml) },
				{ name: 'floor', run: () => JSON.parse(json) as unknown },
			],
			{ warmup: 5, repetitions: 21, collect: 'settled' },
		);
		const decodeDetail = `codec ${ms(decoding.codec.medianMs)}, xml2js parseString ${ms(decoding.xml2js.medianMs)}, JSON.parse ${ms(decoding.floor.medianMs)}; ${(xml.length / 1e6).toFixed(2)} M characters of XML, ${(json.length / 1e6).toFixed(2)} M of JSON`;
		rows.push({
			figure: `decode a call-query result of ${COUNT.toLocaleString('en-US')} calls: xml2js time / codec time`,
			ratio: ratioOfRounds(decoding.xml2js, decoding.codec),
			unit: '× faster than xml2js',
			target: { op: '>=', value: 2 },
			detail: decodeDetail,
		});
		rows.push({
			figure: `decode a call-query result of ${COUNT.toLocaleString('en-US')} calls: strict fast-xml-parser (validate + parse to a tree) time / codec time (informative)`,
			ratio: ratioOfRounds(decoding.fastXmlParser, decoding.codec),
			unit: '× faster than fast-xml-parser',
			detail: `${decodeDetail}; fast-xml-parser ${ms(decoding.fastXmlParser.medianMs)}`,
		});
		rows.push({
			figure: `decode a call-query result of ${COUNT.toLocaleString('en-US')} calls: codec time / JSON.parse floor`,
			ratio: ratioOfRounds(decoding.codec, decoding.floor),
			unit: '× the floor',
			detail: decodeDetail,
		});

		// A call summary carrying a 5 MiB voicemail (the trigger bench's post): the codec reads the bytes,
		// fast-xml-parser gets the same body already as a string.
		const { body } = summaryBodyOf(recordingOf(RECORDING_BYTES));
		const bodyText = body.toString('utf8');
		check(decodePost(body).kind === 'callSummary', 'the summary does not decode');
		const summary = measure(
			[
				{ name: 'codec', run: () => decodePost(body) },
				{ name: 'fastXmlParser', run: () => strictFastXmlParser(bodyText) },
			],
			{ warmup: 1, repetitions: 5, collect: 'eachRun' },
		);
		rows.push({
			figure: `decode a call summary with a ${RECORDING_BYTES / 2 ** 20} MiB voicemail: strict fast-xml-parser time / codec time (informative)`,
			ratio: ratioOfRounds(summary.fastXmlParser, summary.codec),
			unit: '× faster than fast-xml-parser',
			detail: `codec decodePost ${ms(summary.codec.medianMs)}, fast-xml-parser (validate + parse) ${ms(summary.fastXmlParser.medianMs)}; ${(body.length / 2 ** 20).toFixed(1)} MiB of XML`,
		});
		return rows;
	},
};
