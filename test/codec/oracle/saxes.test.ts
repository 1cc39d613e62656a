import { isVoiceShotXmlError, parseXml } from '../../../nodes/shared/xml';
import { compareTrees } from './compare';
import { documentOf } from './corpus';
import { DIFFERENCES, type Outcome } from './differences';
import { decodeAsDocumented, readWithSaxes, repeatsInAnotherCase } from './oracles';
import { SEED, randomOf, replayHint } from './random';

/*
 * The reader against saxes over a seeded corpus of generated and mutated documents: the same
 * documents accepted and refused, the same names, attribute values and text wherever both accept,
 * except the deliberate differences of ./differences.ts, each counted.
 */

const DOCUMENTS = 6_000;

function outcomeOf(bytes: Buffer): Outcome | { agreed: 'refused' | 'same' } | { crashed: string } {
	let ours: Outcome['ours'];
	try {
		ours = { element: parseXml(bytes) };
	} catch (error) {
		if (!isVoiceShotXmlError(error)) return { crashed: String(error) };
		ours = { error };
	}
	const decoded = decodeAsDocumented(bytes);
	if ('refused' in decoded) {
		if ('error' in ours) return { agreed: 'refused' };
		return {
			ours,
			theirs: { refused: `not decoded: ${decoded.refused}` },
			repeatsInAnotherCase: false,
			sameOnceNormalised: false,
		};
	}
	const { read, version } = readWithSaxes(decoded.text);
	if ('error' in ours && 'refused' in read) return { agreed: 'refused' };
	let sameOnceNormalised = false;
	if ('element' in ours && 'element' in read) {
		const comparison = compareTrees(ours.element, read.element);
		if (comparison === 'same') return { agreed: 'same' };
		sameOnceNormalised = comparison === 'sameOnceNormalised';
	}
	return {
		text: decoded.text,
		ours,
		theirs: read,
		version,
		repeatsInAnotherCase: repeatsInAnotherCase(decoded.text),
		sameOnceNormalised,
	};
}

function describe_(bytes: Buffer, outcome: Outcome): string {
	const ours = 'error' in outcome.ours ? `refused (${outcome.ours.error.message})` : 'accepted';
	const theirs = 'refused' in outcome.theirs ? `refused (${outcome.theirs.refused})` : 'accepted';
	let detail = '';
	if ('element' in outcome.ours && 'element' in outcome.theirs) {
		const comparison = compareTrees(outcome.ours.element, outcome.theirs.element);
		detail = typeof comparison === 'object' ? `; ${comparison.different}` : '';
	}
	return `${JSON.stringify(bytes.toString('latin1'))}: codec ${ours}, saxes ${theirs}${detail}`;
}

describe('the reader agrees with saxes', () => {
	it(`over ${DOCUMENTS.toLocaleString('en-US')} generated and mutated documents, but for the deliberate differences (${replayHint()})`, () => {
		const random = randomOf(SEED);
		const counts: Record<string, number> = { agreedAccepted: 0, agreedRefused: 0 };
		for (const difference of DIFFERENCES) counts[difference.id] = 0;
		const unexplained: string[] = [];
		for (let n = 0; n < DOCUMENTS; n++) {
			const { bytes } = documentOf(random);
			const outcome = outcomeOf(bytes);
			if ('crashed' in outcome) {
				unexplained.push(
					`${JSON.stringify(bytes.toString('latin1'))}: the codec threw ${outcome.crashed}`,
				);
				continue;
			}
			if ('agreed' in outcome) {
				counts[outcome.agreed === 'same' ? 'agreedAccepted' : 'agreedRefused']++;
				continue;
			}
			const difference = DIFFERENCES.find((candidate) => candidate.applies(outcome));
			if (difference) counts[difference.id]++;
			else unexplained.push(describe_(bytes, outcome));
		}
		// eslint-disable-next-line no-console -- the seed, so that a failing run can be replayed
		console.info(`codec against saxes, ${replayHint()}: ${JSON.stringify(counts)}`);
		expect(unexplained.slice(0, 10)).toEqual([]);
		// The corpus reaches both sides of the question, and each difference is seen at work.
		expect(counts.agreedAccepted).toBeGreaterThan(DOCUMENTS / 5);
		expect(counts.agreedRefused).toBeGreaterThan(DOCUMENTS / 5);
		for (const difference of DIFFERENCES.filter((candidate) => candidate.seenEveryRun))
			expect([difference.id, counts[difference.id]]).not.toEqual([difference.id, 0]);
	});
});
