/** A list parameter's values: an array, or a text separated by commas, semicolons or lines; trimmed, empty ones dropped. */
export function splitList(raw: unknown): string[] {
	const values = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[,;\n]+/);
	return values.map((value) => value.trim()).filter((value) => value !== '');
}
