/** What the simulator takes for a valid WAV (errorid 21 otherwise), and a small one for recordings. */

/**
 * A RIFF/WAVE file with a sensible `fmt ` chunk and a `data` chunk. A data chunk shorter than
 * declared is accepted (VoiceShot's own upload sample is cut short).
 */
export function wavProblem(bytes: Buffer): string | undefined {
	if (bytes.length < 12) return `${bytes.length} bytes is too short for a WAV file`;
	if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') {
		return 'not a RIFF/WAVE file';
	}
	let offset = 12;
	let format: { channels: number; sampleRate: number; bitsPerSample: number } | undefined;
	while (offset + 8 <= bytes.length) {
		const id = bytes.toString('latin1', offset, offset + 4);
		const size = bytes.readUInt32LE(offset + 4);
		if (id === 'fmt ') {
			if (size < 16 || offset + 8 + 16 > bytes.length) return 'the fmt chunk is too short';
			format = {
				channels: bytes.readUInt16LE(offset + 10),
				sampleRate: bytes.readUInt32LE(offset + 12),
				bitsPerSample: bytes.readUInt16LE(offset + 22),
			};
			if (format.channels < 1 || format.sampleRate < 1 || format.bitsPerSample < 1) {
				return 'the fmt chunk has no channels, sample rate or sample size';
			}
		}
		if (id === 'data') return format ? undefined : 'the data chunk comes before any fmt chunk';
		offset += 8 + size + (size % 2);
	}
	return format ? 'no data chunk' : 'no fmt chunk';
}

/** Decodes base64 as VoiceShot's `bin.base64` carries it (whitespace allowed), or undefined. */
export function decodeBase64(text: string): Buffer | undefined {
	const compact = text.replace(/\s+/g, '');
	if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
	return Buffer.from(compact, 'base64');
}

/** A short mono 8 kHz 16-bit WAV of silence: the default voicemail recording. */
export function silentWav(milliseconds = 250): Buffer {
	const samples = Math.round((8000 * milliseconds) / 1000);
	const dataBytes = samples * 2;
	const wav = Buffer.alloc(44 + dataBytes);
	wav.write('RIFF', 0, 'latin1');
	wav.writeUInt32LE(36 + dataBytes, 4);
	wav.write('WAVE', 8, 'latin1');
	wav.write('fmt ', 12, 'latin1');
	wav.writeUInt32LE(16, 16);
	wav.writeUInt16LE(1, 20);
	wav.writeUInt16LE(1, 22);
	wav.writeUInt32LE(8000, 24);
	wav.writeUInt32LE(16000, 28);
	wav.writeUInt16LE(2, 32);
	wav.writeUInt16LE(16, 34);
	wav.write('data', 36, 'latin1');
	wav.writeUInt32LE(dataBytes, 40);
	return wav;
}
