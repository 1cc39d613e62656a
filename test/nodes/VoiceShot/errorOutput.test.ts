/**
 * Settings → On Error on the real engine: "Continue (using error output)" puts each failed item,
 * paired, on the error output with what the user needs under `details`; "Continue (regular
 * output)" keeps the failed items beside the others, as before.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { cleanupEngine, type WorkflowRunResult } from '../../helpers/engine';
import { type SendRequest } from '../../../nodes/shared/xml';
import { decodeRequest } from '../../../simulator/codec';
import { wavFile } from '../../../simulator';
import { receivedBodies, startHarness, type Harness } from './fixture';

let harness: Harness;

beforeAll(async () => {
	harness = await startHarness();
});
afterEach(async () => await harness.sim.reset());
afterAll(async () => {
	await harness.sim.close();
	cleanupEngine();
});

/** The simulator's comment with errorid 19, an unknown Menu ID. */
const UNKNOWN_MENU =
	'Data Validation Error: Invalid menuid, no campaign available for listed menuid.';

/** What the user reads first for errorid 19: what to do. */
const UNKNOWN_MENU_HINT = 'No campaign has this Menu ID: copy it from the campaign in VoiceShot.';

const SUCCESS = 0;
const ERROR = 1;

function paired(items: INodeExecutionData[]): unknown[] {
	return items.map((item) => item.pairedItem);
}

function details(item: INodeExecutionData): IDataObject {
	return item.json.details as IDataObject;
}

/** The outputs of the VoiceShot node; the run itself must have succeeded. */
function outputs(result: WorkflowRunResult): {
	success: INodeExecutionData[];
	error: INodeExecutionData[];
} {
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	return { success: result.items('VoiceShot', SUCCESS), error: result.items('VoiceShot', ERROR) };
}

function sentRequests(): SendRequest[] {
	return receivedBodies(harness.sim).map((body) => decodeRequest(body) as SendRequest);
}

const send = {
	resource: 'call',
	operation: 'send',
	menuId: '={{ $json.menu }}',
	phoneNumbers: '={{ $json.phone }}',
};

const people = [
	{ name: 'Ada', menu: '1-1234', phone: '8185550100' },
	{ name: 'Bo', menu: '1-1234', phone: '555-1234' },
	{ name: 'Cy', menu: '1-1234', phone: '8185550152' },
];

const MISSING_AREA_CODE =
	'Phone Numbers holds "555-1234", which has 7 digits: the area code is missing (a North American number has 10: area code, exchange, line). A valid number looks like (818) 555-0100 or +1 818 555 0100 [item 1]';

describe('Call → Send, batch mode', () => {
	it('error output: a bad item leaves on the error output, paired, and the others are sent', async () => {
		const result = await harness.run({
			items: people,
			onError: 'continueErrorOutput',
			parameters: send,
		});
		const { success, error } = outputs(result);
		expect(paired(success)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(success.map((item) => item.json.phonenumber)).toEqual(['8185550100', '8185550152']);
		expect(paired(error)).toEqual([{ item: 1 }]);
		expect(error[0].json.error).toBe(MISSING_AREA_CODE);
		expect(details(error[0]).description).toContain(
			'Check the "Phone Numbers" parameter of item 1',
		);
		// n8n adds the input item's fields to an error-output item.
		expect(error[0].json.name).toBe('Bo');
		expect(sentRequests()).toHaveLength(1);
		expect(sentRequests()[0].numbers.map((entry) => entry.number)).toEqual([
			'8185550100',
			'8185550152',
		]);
	});

	it('regular output: the bad item stays between the others, as an error item', async () => {
		const result = await harness.run({
			items: people,
			onError: 'continueRegularOutput',
			parameters: send,
		});
		const { success, error } = outputs(result);
		expect(error).toEqual([]);
		expect(paired(success)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(success[1].json).toEqual({
			error: MISSING_AREA_CODE,
			errorDescription: 'Check the "Phone Numbers" parameter of item 1.',
		});
		expect(harness.sim.calls()).toHaveLength(2);
	});

	it('error output: a refused batch puts each of its items there with errorid, comment and callids', async () => {
		const result = await harness.run({
			items: [
				{ menu: '9-9999', phone: '8185550100' },
				{ menu: '1-1234', phone: '8185550117' },
				{ menu: '9-9999', phone: '8185550152, 8185550153' },
			],
			onError: 'continueErrorOutput',
			parameters: send,
		});
		const { success, error } = outputs(result);
		expect(paired(success)).toEqual([{ item: 1 }]);
		expect(paired(error)).toEqual([{ item: 0 }, { item: 2 }]);
		const refused = sentRequests().find((request) => request.menuid === '9-9999');
		const refusedCallids = refused?.numbers.map((entry) => entry.callid);
		expect(refusedCallids).toHaveLength(3);
		for (const item of error) {
			expect(item.json.error).toBe(`${UNKNOWN_MENU_HINT} [items 0, 2]`);
			expect(details(item)).toMatchObject({
				errorid: 19,
				comment: UNKNOWN_MENU,
				menuid: '9-9999',
				description: `VoiceShot refused the request: errorid 19, ${UNKNOWN_MENU}`,
			});
		}
		expect(details(error[0]).callids).toEqual(refusedCallids?.slice(0, 1));
		expect(details(error[1]).callids).toEqual(refusedCallids?.slice(1));
	});

	it('regular output: a refused batch gives today’s error items', async () => {
		const result = await harness.run({
			items: [
				{ menu: '9-9999', phone: '8185550100' },
				{ menu: '1-1234', phone: '8185550117' },
			],
			onError: 'continueRegularOutput',
			parameters: send,
		});
		const { success, error } = outputs(result);
		expect(error).toEqual([]);
		expect(paired(success)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(Object.keys(success[0].json).sort()).toEqual(
			['callids', 'comment', 'error', 'errorDescription', 'errorid', 'menuid'].sort(),
		);
		expect(success[0].json).toMatchObject({ errorid: 19, menuid: '9-9999' });
		expect(success[1].json).toMatchObject({ errorid: 0, phonenumber: '8185550117' });
	});

	it('without continuing, says that nothing was sent because of the item', async () => {
		const result = await harness.run({ items: people, parameters: send });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Phone Numbers.*\[item 1\]/);
		expect(result.error?.description).toContain(
			'Nothing was sent to VoiceShot: every item is checked before any request goes out, and item 1 did not pass.',
		);
		expect(receivedBodies(harness.sim)).toHaveLength(0);
	});
});

describe('Call → Send, per item', () => {
	const perItem = { ...send, options: { sendMode: 'perItem' } };
	const items = [
		{ menu: '1-1234', phone: '8185550100' },
		{ menu: '9-9999', phone: '8185550117' },
		{ menu: '1-1234', phone: 'none' },
		{ menu: '1-1234', phone: '8185550152' },
	];

	it('error output: the refused item and the bad item, each paired; one request per sent item', async () => {
		const result = await harness.run({
			items,
			onError: 'continueErrorOutput',
			parameters: perItem,
		});
		const { success, error } = outputs(result);
		expect(paired(success)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(paired(error)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(error[0].json.error).toBe(`${UNKNOWN_MENU_HINT} [item 1]`);
		expect(details(error[0])).toMatchObject({ errorid: 19, menuid: '9-9999' });
		expect(details(error[0]).callids).toEqual(
			sentRequests()[1].numbers.map((entry) => entry.callid),
		);
		expect(error[1].json.error).toMatch(/Phone Numbers holds "none".*\[item 2\]/);
		expect(sentRequests().map((request) => request.menuid)).toEqual(['1-1234', '9-9999', '1-1234']);
	});

	it('regular output: the same items in input order on one output', async () => {
		const result = await harness.run({
			items,
			onError: 'continueRegularOutput',
			parameters: perItem,
		});
		const { success, error } = outputs(result);
		expect(error).toEqual([]);
		expect(paired(success)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(success.map((item) => item.json.errorid)).toEqual([0, 19, undefined, 0]);
		expect(success[2].json.error).toMatch(/Phone Numbers.*\[item 2\]/);
	});
});

describe('Call → Delete Pending', () => {
	async function queuedCallids(): Promise<string[]> {
		const sent = await harness.run({
			items: [{ phone: '8185550100' }, { phone: '8185550117' }],
			parameters: { ...send, menuId: '1-1234' },
		});
		return sent.items('VoiceShot').map((item) => item.json.callid as string);
	}

	const remove = {
		resource: 'call',
		operation: 'deletePending',
		menuId: '={{ $json.menu }}',
		callIds: '={{ $json.callid }}',
	};

	it('error output: a too-long Call ID and a refused batch, each item paired', async () => {
		const [first, second] = await queuedCallids();
		const result = await harness.run({
			items: [
				{ menu: '1-1234', callid: first },
				{ menu: '1-1234', callid: 'x'.repeat(51) },
				{ menu: '9-9999', callid: second },
			],
			onError: 'continueErrorOutput',
			parameters: remove,
		});
		const { success, error } = outputs(result);
		expect(paired(success)).toEqual([{ item: 0 }]);
		expect(success[0].json).toMatchObject({ callid: first, deleteRequested: true });
		expect(paired(error)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(error[0].json.error).toMatch(/Call IDs holds "x{51}".*\[item 1\]/);
		expect(details(error[1])).toMatchObject({
			errorid: 19,
			menuid: '9-9999',
			callids: [second],
		});
		expect(harness.sim.calls().map((call) => call.status)).toEqual(['deleted', 'pending']);
	});

	it('regular output: the same failures as error items in input order', async () => {
		const [first, second] = await queuedCallids();
		const result = await harness.run({
			items: [
				{ menu: '1-1234', callid: first },
				{ menu: '1-1234', callid: '' },
				{ menu: '9-9999', callid: second },
			],
			onError: 'continueRegularOutput',
			parameters: remove,
		});
		const { success } = outputs(result);
		expect(paired(success)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(success[1].json.error).toBe('Call IDs is empty [item 1]');
		expect(success[2].json).toMatchObject({ errorid: 19, menuid: '9-9999', callids: [second] });
	});
});

describe('Call → Query', () => {
	const query = {
		resource: 'call',
		operation: 'query',
		menuId: '={{ $json.menu }}',
		callId: '={{ $json.callid }}',
	};
	const items = [
		{ menu: '1-1234', callid: '' },
		{ menu: '1-1234', callid: 'y'.repeat(51) },
		{ menu: '9-9999', callid: '' },
	];

	it('error output: a bad Call ID and a refused query leave there, paired', async () => {
		await harness.run({
			items: [{ phone: '8185550100' }],
			parameters: { ...send, menuId: '1-1234' },
		});
		const result = await harness.run({ items, onError: 'continueErrorOutput', parameters: query });
		const { success, error } = outputs(result);
		expect(paired(success)).toEqual([{ item: 0 }]);
		expect(success[0].json.phonenumber).toBe('8185550100');
		expect(paired(error)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(error[0].json.error).toMatch(
			/Call ID is longer than VoiceShot's 50 characters \[item 1\]/,
		);
		expect(details(error[1])).toMatchObject({ errorid: 19, menuid: '9-9999' });
		// a query of the whole campaign names no Call ID
		expect(details(error[1]).callids).toBeUndefined();
	});

	it('regular output: error items between the results', async () => {
		const result = await harness.run({
			items,
			onError: 'continueRegularOutput',
			parameters: query,
		});
		const { success } = outputs(result);
		expect(paired(success)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(success[0].json.error).toMatch(/Call ID.*\[item 1\]/);
		expect(success[1].json).toMatchObject({ errorid: 19, comment: UNKNOWN_MENU });
	});
});

describe('Sound File → Upload', () => {
	const wav = wavFile(Buffer.alloc(200)).toString('base64');
	const files = [
		{ base64: wav, file: 'hello.wav' },
		{ base64: Buffer.from('ID3 not a wav').toString('base64'), file: 'song.mp3' },
		{ base64: wav, file: 'greeting.mp3' },
	];
	const upload = (onError: 'continueRegularOutput' | 'continueErrorOutput') =>
		harness.run({
			items: files,
			onError,
			before: [
				{
					name: 'Wav',
					type: 'testBase64Binary',
					parameters: { base64: '={{ $json.base64 }}', fileName: '={{ $json.file }}' },
				},
			],
			parameters: { resource: 'soundFile', operation: 'upload' },
		});

	it('error output: a file that is not a WAV and a file VoiceShot refuses, each paired', async () => {
		const { success, error } = outputs(await upload('continueErrorOutput'));
		expect(paired(success)).toEqual([{ item: 0 }]);
		expect(success[0].json).toMatchObject({ filename: 'hello.wav', uploaded: true });
		expect(paired(error)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(error[0].json.error).toMatch(/song\.mp3.*not a WAV file.*\[item 1\]/);
		expect(details(error[0])).toMatchObject({ filename: 'song.mp3' });
		expect(details(error[1])).toMatchObject({ errorid: 20, filename: 'greeting.mp3' });
		expect(harness.sim.snapshot().files.map((file) => file.filename)).toEqual(['hello.wav']);
		expect(receivedBodies(harness.sim)).toHaveLength(2);
	});

	it('regular output: the failed uploads as error items in input order', async () => {
		const { success, error } = outputs(await upload('continueRegularOutput'));
		expect(error).toEqual([]);
		expect(paired(success)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(success[1].json).toMatchObject({ filename: 'song.mp3' });
		expect(success[1].json.error).toMatch(/not a WAV file/);
		expect(success[2].json).toMatchObject({ errorid: 20, filename: 'greeting.mp3' });
	});
});
