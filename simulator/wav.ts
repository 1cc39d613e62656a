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

/** Decodes base64 strictly, as VoiceShot's `bin.base64` carries it (whitespace allowed), or undefined. */
export function strictBase64(text: string): Buffer | undefined {
	const compact = text.replace(/\s+/g, '');
	if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
	return Buffer.from(compact, 'base64');
}

/** A mono PCM WAV file around the given audio bytes: 8 kHz, 16-bit unless told otherwise. */
export function wavFile(audio: Buffer, bitsPerSample: 8 | 16 = 16, sampleRate = 8000): Buffer {
	const header = Buffer.alloc(44);
	const bytesPerSample = bitsPerSample / 8;
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(36 + audio.length, 4);
	header.write('WAVE', 8, 'latin1');
	header.write('fmt ', 12, 'latin1');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * bytesPerSample, 28);
	header.writeUInt16LE(bytesPerSample, 32);
	header.writeUInt16LE(bitsPerSample, 34);
	header.write('data', 36, 'latin1');
	header.writeUInt32LE(audio.length, 40);
	return Buffer.concat([header, audio]);
}

/** A short mono 8 kHz 16-bit WAV of silence: the default voicemail recording. */
export function silentWav(milliseconds = 250): Buffer {
	return wavFile(Buffer.alloc(Math.round((8000 * milliseconds) / 1000) * 2));
}
