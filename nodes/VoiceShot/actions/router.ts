import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import * as callCommandReply from './callCommand/reply.operation';
import * as callDeletePending from './call/deletePending.operation';
import * as callQuery from './call/query.operation';
import * as callSend from './call/send.operation';
import * as campaignPause from './campaign/pause.operation';
import * as campaignResume from './campaign/resume.operation';
import * as smsSend from './sms/send.operation';
import * as soundFileDelete from './soundFile/delete.operation';
import * as soundFileUpload from './soundFile/upload.operation';

interface Operation {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;
}

/** Every operation by resource and operation name. */
export const operations: Record<string, Record<string, Operation>> = {
	call: { send: callSend, deletePending: callDeletePending, query: callQuery },
	sms: { send: smsSend },
	campaign: { pause: campaignPause, resume: campaignResume },
	soundFile: { upload: soundFileUpload, delete: soundFileDelete },
	callCommand: { reply: callCommandReply },
};

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const selected = operations[resource]?.[operation];
	if (!selected) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	return [await selected.execute.call(this)];
}
