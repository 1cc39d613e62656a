import { isVoiceShotXmlError, parseXml, type XmlElement } from '../../../nodes/shared/xml';
import { callCommandOf, postOf, replyOf } from '../../../nodes/shared/xml/decode';
import { requestOf } from '../../../simulator/codec';
import { compareTrees, sameOnceNormalised } from './compare';
import { documentOf } from './corpus';
import { FAST_XML_PARSER_DIFFERENCES } from './differences';
import { decodeAsDocumented, readWithFastXmlParser, readWithSaxes } from './oracles';
import { SEED, randomOf, replayHint } from './random';

/*
 * fast-xml-parser (validator, then parser) on every VoiceShot-shaped document of the saxes corpus
 * that the codec reads: the typed values the codec decodes equal those the codec's typed mapping
 * builds from fast-xml-parser's tree, the same mapping on both sides, so that what differs is what
 * the two readers read. fast-xml-parser is lax (it accepts `&foo;`, `]]>` in text, `--` in comments,
 * control characters), so what the codec refuses is judged by the saxes test, not here.
 */

const DOCUMENTS = 6_000;

const MAPPINGS: Array<[string, (root: XmlElement) => unknown]> = [
	['reply', replyOf],
	['post', postOf],
	['request', requestOf],
	['call command', callCommandOf],
];

function typed(map: (root: XmlElement) => unknown, root: XmlElement): unknown {
	try {
		return { value: map(root) };
	} catch (error) {
		// The code and the field: a message quotes values as sent, line ends included.
		return isVoiceShotXmlError(error)
			? { refused: `${error.code} ${error.field}` }
			: { threw: String(error) };
	}
}

/** 'same', 'sameOnceNormalised' (line ends), or where they differ. */
function compareValues(ours: unknown, theirs: unknown, path: string): string {
	if (typeof ours === 'string' && typeof theirs === 'string') {
		if (ours === theirs) return 'same';
		return sameOnceNormalised(ours, theirs, false)
			? 'sameOnceNormalised'
			: `${path}: ${JSON.stringify(ours)} against ${JSON.stringify(theirs)}`;
	}
	if (typeof ours !== 'object' || ours === null || typeof theirs !== 'object' || theirs === null)
		return Object.is(ours, theirs) ? 'same' : `${path}: ${String(ours)} against ${String(theirs)}`;
	const keys = Object.keys(ours).sort();
	if (keys.join() !== Object.keys(theirs).sort().join())
		return `${path}: keys [${keys}] against [${Object.keys(theirs).sort()}]`;
	let result = 'same';
	for (const key of keys) {
		const comparison = compareValues(
			(ours as Record<string, unknown>)[key],
			(theirs as Record<string, unknown>)[key],
			`${path}.${key}`,
		);
		if (comparison === 'sameOnceNormalised') result = comparison;
		else if (comparison !== 'same') return comparison;
	}
	return result;
}

function saxesReadsTheSame(text: string, ours: XmlElement): boolean {
	const { read } = readWithSaxes(text);
	return 'element' in read && typeof compareTrees(ours, read.element) !== 'object';
}

describe('typed values read through fast-xml-parser', () => {
	it(`equal the codec's over the VoiceShot-shaped documents of ${DOCUMENTS.toLocaleString('en-US')} (${replayHint()})`, () => {
		const random = randomOf(SEED);
		const counts: Record<string, number> = {
			compared: 0,
			keptAsSent: 0,
			refusedByTheCodec: 0,
			pristine: 0,
		};
		for (const difference of FAST_XML_PARSER_DIFFERENCES) counts[difference.id] = 0;
		const unexplained: string[] = [];
		for (let n = 0; n < DOCUMENTS; n++) {
			const { bytes, pristine } = documentOf(random);
			const decoded = decodeAsDocumented(bytes);
			if ('refused' in decoded) continue;
			let ours: XmlElement;
			try {
				ours = parseXml(bytes);
			} catch (error) {
				if (!isVoiceShotXmlError(error)) unexplained.push(`the codec threw ${String(error)}`);
				counts.refusedByTheCodec++;
				continue;
			}
			if (ours.name !== 'campaign' && ours.name !== 'prompt') continue;
			const text = decoded.text;
			/** Counted as one of fast-xml-parser's departures when saxes reads what the codec reads. */
			const explain = (refusal: string | undefined, problem: string) => {
				const difference = FAST_XML_PARSER_DIFFERENCES.find((candidate) =>
					candidate.applies(text, refusal),
				);
				if (difference && (difference.codecDifference || saxesReadsTheSame(text, ours)))
					counts[difference.id]++;
				else unexplained.push(`${JSON.stringify(text)}: ${problem}`);
			};
			const theirs = readWithFastXmlParser(text);
			if ('refused' in theirs) {
				explain(theirs.refused, `fast-xml-parser refused it (${theirs.refused})`);
				continue;
			}
			counts.compared++;
			if (pristine) counts.pristine++;
			let normalised = false;
			const different: string[] = [];
			for (const [name, map] of MAPPINGS) {
				const comparison = compareValues(typed(map, ours), typed(map, theirs.element), name);
				if (comparison === 'sameOnceNormalised') normalised = true;
				else if (comparison !== 'same') different.push(comparison);
			}
			if (different.length) explain(undefined, different.join('; '));
			else if (normalised) counts.keptAsSent++;
		}
		// eslint-disable-next-line no-console -- the seed, so that a failing run can be replayed
		console.info(`codec against fast-xml-parser, ${replayHint()}: ${JSON.stringify(counts)}`);
		expect(unexplained.slice(0, 10)).toEqual([]);
		expect(counts.compared).toBeGreaterThan(DOCUMENTS / 4);
		expect(counts.pristine).toBeGreaterThan(DOCUMENTS / 20);
	});
});
