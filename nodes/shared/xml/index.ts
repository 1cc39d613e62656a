export * from './model';
export * from './errors';
export {
	encodeRequest,
	encodeSaveFileBody,
	encodeReply,
	encodePost,
	encodeCallCommand,
	validateRequest,
	escapeAttribute,
} from './encode';
export {
	decodeReply,
	decodePost,
	decodeRequest,
	decodeCallCommand,
	type DecodeInput,
} from './decode';
export { parseXml, type XmlElement, type ParseLimits } from './parse';
export { bytesToText } from './encoding';
export * as readings from './readings';
