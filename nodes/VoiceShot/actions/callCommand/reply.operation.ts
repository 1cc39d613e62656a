import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { encodeCallCommand, type CallCommand } from '../../../shared/xml';
import { phoneNumberOf } from '../common/parameters';
import { InputError } from '../../../shared/errors';
import type { Operation } from '../operation';

type CommandField = keyof CallCommand;

/**
 * Per command: the field it needs (for Speak Text, any one of its fields: an expression may leave
 * some empty) and the fields it may add; every other field is not sent.
 */
const COMMANDS = {
	speak: { name: 'Speak Text', needs: undefined, fields: ['tts', 'goto', 'transferto'] },
	goto: { name: 'Go to Prompt', needs: 'goto', fields: ['goto', 'tts'] },
	play: { name: 'Play Sound File', needs: 'filename', fields: ['filename', 'goto'] },
	transfer: { name: 'Transfer', needs: 'transferto', fields: ['transferto', 'callerid'] },
	tones: { name: 'Send Tones', needs: 'dtmf', fields: ['dtmf', 'goto'] },
} as const satisfies Record<
	string,
	{ name: string; needs: CommandField | undefined; fields: CommandField[] }
>;
type Command = keyof typeof COMMANDS;
const DEFAULT_COMMAND: Command = 'speak';

const LABELS: Record<CommandField, string> = {
	goto: 'Next Prompt',
	tts: 'Text to Speak',
	filename: 'Sound File',
	transferto: 'Transfer To',
	callerid: 'Caller ID',
	dtmf: 'DTMF Tones',
};

function shownForCommands(commands: Command[]) {
	return { show: { resource: ['callCommand'], operation: ['reply'], command: commands } };
}

const properties: INodeProperties[] = [
	{
		displayName: 'Command',
		name: 'command',
		type: 'options',
		default: DEFAULT_COMMAND,
		description:
			'What the live call does next: the answer of a VoiceShot Trigger that responds "Using \'Respond to Webhook\' Node" or "When Last Node Finishes"',
		displayOptions: { show: { resource: ['callCommand'], operation: ['reply'] } },
		options: [
			{ name: 'Go to Prompt', value: 'goto', description: 'Continue the call at a prompt' },
			{ name: 'Play Sound File', value: 'play', description: 'Play an uploaded .wav file' },
			{ name: 'Send Tones', value: 'tones', description: 'Send DTMF tones' },
			{
				name: 'Speak Text',
				value: 'speak',
				description:
					'Say a text to the caller, then go to a prompt or transfer if those fields are filled',
			},
			{ name: 'Transfer', value: 'transfer', description: 'Transfer the call to a number' },
		],
	},
	{
		displayName: 'Text to Speak',
		name: 'tts',
		type: 'string',
		default: '',
		description: "Text the caller hears, e.g. an order's status looked up in a CRM",
		displayOptions: shownForCommands(['speak', 'goto']),
	},
	{
		displayName: 'Next Prompt',
		name: 'goto',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2',
		description: 'The Prompt ID the call goes on at (optional except for Go to Prompt)',
		displayOptions: shownForCommands(['speak', 'goto', 'play', 'tones']),
	},
	{
		displayName: 'Sound File',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. imsorry.wav',
		description: 'An uploaded .wav file to play',
		displayOptions: shownForCommands(['play']),
	},
	{
		displayName: 'Transfer To',
		name: 'transferto',
		type: 'string',
		default: '',
		placeholder: 'e.g. 8005550199',
		description: 'A phone number to transfer the call to (optional except for Transfer)',
		displayOptions: shownForCommands(['speak', 'transfer']),
	},
	{
		displayName: 'Caller ID',
		name: 'callerid',
		type: 'string',
		default: '',
		placeholder: 'e.g. 8185550100',
		description: 'Optional: the caller ID shown on the transfer, written as in Phone Numbers',
		displayOptions: shownForCommands(['transfer']),
	},
	{
		displayName: 'DTMF Tones',
		name: 'dtmf',
		type: 'string',
		default: '',
		placeholder: 'e.g. 100',
		description: 'Keys to send as tones (0-9, *, #; "w" waits half a second)',
		displayOptions: shownForCommands(['tones']),
	},
];

function commandOf(context: IExecuteFunctions, itemIndex: number): CallCommand {
	const chosen = String(context.getNodeParameter('command', itemIndex, DEFAULT_COMMAND));
	if (!Object.hasOwn(COMMANDS, chosen)) {
		throw new InputError('Command', `${JSON.stringify(chosen)} is not a command`);
	}
	const spec = COMMANDS[chosen as Command];
	const fields: readonly CommandField[] = spec.fields;
	const command: CallCommand = {};
	for (const field of fields) {
		const value = String(context.getNodeParameter(field, itemIndex, '') ?? '');
		if (value.trim() !== '') command[field] = field === 'tts' ? value : value.trim();
	}
	if (spec.needs !== undefined && command[spec.needs] === undefined) {
		throw new InputError(LABELS[spec.needs], `is needed by Command "${spec.name}"`);
	}
	if (Object.keys(command).length === 0) {
		const [first, ...others] = fields.map((field) => LABELS[field]);
		throw new InputError(
			first,
			`is needed by Command "${spec.name}", unless ${others.join(' or ')} is given`,
		);
	}
	if (command.transferto !== undefined)
		command.transferto = phoneNumberOf(command.transferto, LABELS.transferto);
	if (command.callerid !== undefined)
		command.callerid = phoneNumberOf(command.callerid, LABELS.callerid, 'callerId');
	return command;
}

export const operation: Operation<string> = {
	resource: 'callCommand',
	operation: 'reply',
	name: 'Reply',
	action: 'Reply to a live call',
	summary:
		'Tell a call in progress what to do next (speak, go to a prompt, transfer), answering the VoiceShot Trigger',
	properties,
	read: ({ context }, itemIndex) => [encodeCallCommand(commandOf(context, itemIndex))],
	fields: LABELS,
	output: ([{ value: callCommand }]) => [[{ callCommand }]],
	finish({ context }, succeeded) {
		const first = succeeded[0]?.value.callCommand;
		if (typeof first !== 'string') return;
		context.sendResponse({
			body: first,
			headers: { 'content-type': 'text/xml; charset=utf-8' },
			statusCode: 200,
		});
	},
};
