export * from './model';
export * from './errors';
export {
	actionNumberOf,
	encodeRequest,
	encodeSaveFileBody,
	encodeCallCommand,
	validateRequest,
} from './encode';
export { escapeAttribute } from './write';
export { decodeReply, decodePost, decodeCallCommand, type DecodeInput } from './decode';
export { parseXml, type XmlElement, type ParseLimits } from './parse';
export { bytesToText } from './encoding';
export * as readings from './readings';
