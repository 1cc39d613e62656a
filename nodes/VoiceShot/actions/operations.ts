// Every operation of the node, one line each (see registry.ts).
export { operation as callDeletePending } from './call/deletePending.operation';
export { operation as callGetOutcome } from './call/getOutcome.operation';
export { operation as callQuery } from './call/query.operation';
export { operation as callSend } from './call/send.operation';
export { operation as callCommandReply } from './callCommand/reply.operation';
export { operation as campaignPause } from './campaign/pause.operation';
export { operation as campaignResume } from './campaign/resume.operation';
export { operation as postDecode } from './post/decode.operation';
export { operation as smsSend } from './sms/send.operation';
export { operation as soundFileDelete } from './soundFile/delete.operation';
export { operation as soundFileUpload } from './soundFile/upload.operation';
