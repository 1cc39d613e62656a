import { encodeCallCommand, encodeRequest, type XmlElement } from '../../../nodes/shared/xml';
import { callCommandOf, postOf, replyOf } from '../../../nodes/shared/xml/decode';
import { encodePost, encodeReply, requestOf } from '../../../simulator/codec';
import * as corpus from './corpus';
import { readWithSaxes } from './oracles';
import { SEED, randomOf, replayHint } from './random';

/*
 * Every document the encoder writes parses in saxes, a conformant XML parser, to exactly the values
 * encoded: no normalisation allowed. The typed value is read back from saxes' tree by the codec's
 * typed mapping.
 */

const MESSAGES = 4_000;
const MIN_VALUES = 20_000;

function valuesIn(element: XmlElement): number {
	return (
		Object.keys(element.attributes).length +
		(element.text === '' ? 0 : 1) +
		element.children.reduce((sum, child) => sum + valuesIn(child), 0)
	);
}

function saxesTree(xml: string): XmlElement {
	const { read } = readWithSaxes(xml);
	if ('refused' in read) throw new Error(`saxes refused ${JSON.stringify(xml)}: ${read.refused}`);
	return read.element;
}

describe('the encoder, read back by saxes', () => {
	it(`writes ${MESSAGES.toLocaleString('en-US')} random messages that saxes reads as the values encoded (${replayHint()})`, () => {
		const random = randomOf(SEED);
		let values = 0;
		for (let n = 0; n < MESSAGES; n++) {
			switch (n % 4) {
				case 0: {
					const request = corpus.requestOf(random);
					const tree = saxesTree(encodeRequest(request));
					expect(requestOf(tree)).toEqual(request);
					values += valuesIn(tree);
					break;
				}
				case 1: {
					const reply = corpus.replyOf(random);
					const tree = saxesTree(encodeReply(reply));
					expect(replyOf(tree)).toMatchObject(reply);
					values += valuesIn(tree);
					break;
				}
				case 2: {
					const post = corpus.postOf(random);
					const tree = saxesTree(encodePost(post));
					expect(postOf(tree)).toMatchObject(post);
					values += valuesIn(tree);
					break;
				}
				default: {
					const command = corpus.callCommandOf(random);
					const xml = encodeCallCommand(command);
					if (xml === '') {
						expect(command).toEqual({});
						break;
					}
					const tree = saxesTree(xml);
					expect(callCommandOf(tree)).toEqual(command);
					values += valuesIn(tree);
				}
			}
		}
		// eslint-disable-next-line no-console -- the seed, so that a failing run can be replayed
		console.info(
			`encoder through saxes, ${replayHint()}: ${values} values in ${MESSAGES} messages`,
		);
		expect(values).toBeGreaterThanOrEqual(MIN_VALUES);
	});
});
