/* eslint-disable @n8n/community-nodes/no-restricted-globals -- development tooling, never published */
/** The one pause of the scripts, the bench and the end-to-end tests. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}
