import type { VoiceShotXmlError, XmlElement } from '../../../nodes/shared/xml';

/*
 * The codec's reader against a conformant XML 1.0 parser (saxes): every deliberate difference, in
 * this one place. The differential tests count each; any other disagreement fails them.
 */

export interface Outcome {
	/** The body's text by the documented decoding rule, when it decodes. */
	text?: string;
	ours: { element: XmlElement } | { error: VoiceShotXmlError };
	theirs: { element: XmlElement } | { refused: string };
	/** The version saxes read in the XML declaration. */
	version?: string;
	/** saxes saw an attribute repeated in another case. */
	repeatsInAnotherCase: boolean;
	/** Both read the same tree, but only once line ends and attribute white space are normalised. */
	sameOnceNormalised: boolean;
}

export interface Difference {
	id: string;
	/** What the codec does, and why. */
	reason: string;
	/** The corpus is built to show it in every run (the saxes test checks that it does). */
	seenEveryRun: boolean;
	applies(outcome: Outcome): boolean;
}

const refusedByUs = (outcome: Outcome, test: (error: VoiceShotXmlError) => boolean) =>
	'error' in outcome.ours && 'element' in outcome.theirs && test(outcome.ours.error);

export const DIFFERENCES: Difference[] = [
	{
		id: 'saxesProcessingInstruction',
		reason:
			'Not the codec\'s choice but saxes\' leniency: it accepts a processing-instruction target followed by "?" and more (`<?xm?l x?>`), where XML requires white space or "?>" after the target. The codec refuses it, as XML says.',
		seenEveryRun: false,
		applies: (outcome) =>
			refusedByUs(outcome, (error) =>
				/target of a processing instruction must be followed/.test(error.message),
			) && /<\?[^\s?]*\?[^>]/.test(outcome.text ?? ''),
	},
	{
		id: 'doctype',
		reason:
			'A DOCTYPE (and any entity declaration) is refused: nothing VoiceShot sends has one, and refusing it rules out entity expansion attacks.',
		seenEveryRun: true,
		applies: (outcome) => refusedByUs(outcome, (error) => error.code === 'doctype'),
	},
	{
		id: 'bounds',
		reason: 'Elements nested deeper than 16 levels, or a body over 64 MiB, are refused.',
		seenEveryRun: true,
		applies: (outcome) =>
			refusedByUs(outcome, (error) => error.code === 'tooDeep' || error.code === 'tooLarge'),
	},
	{
		id: 'keptAsSent',
		reason:
			'Attribute values and line ends are kept as sent: a literal tab or line break in an attribute, and a CR LF or CR in text, reach the user as they came (a conformant parser turns them into spaces and line feeds).',
		seenEveryRun: true,
		applies: (outcome) => outcome.sameOnceNormalised,
	},
	{
		id: 'repeatedInAnotherCase',
		reason:
			'Names are read in any case, so an attribute repeated in another case (comment and COMMENT) is a repeated attribute, and refused.',
		seenEveryRun: true,
		applies: (outcome) =>
			refusedByUs(outcome, (error) => /is repeated/.test(error.message)) &&
			outcome.repeatsInAnotherCase,
	},
	{
		id: 'leadingWhitespace',
		reason:
			'White space before the XML declaration is accepted (web servers often add a line break; XML does not allow it).',
		seenEveryRun: true,
		applies: (outcome) =>
			'element' in outcome.ours &&
			'refused' in outcome.theirs &&
			/XML declaration must be at the start/.test(outcome.theirs.refused) &&
			/^\uFEFF?[\t\n\r ]+<\?xml[\t\n\r ]/.test(outcome.text ?? ''),
	},
	{
		id: 'xml10Only',
		reason:
			'Only XML 1.0 is read: a declaration of another version (1.1 has other rules for characters and line ends) is refused.',
		seenEveryRun: true,
		applies: (outcome) =>
			refusedByUs(outcome, (error) => /XML declaration is not well formed/.test(error.message)) &&
			outcome.version !== undefined &&
			outcome.version !== '1.0',
	},
];

/** JavaScript white space that XML does not count as white space (XML has only tab, LF, CR, space). */
const JAVASCRIPT_ONLY_WHITE_SPACE =
	/[\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/;

/**
 * Where fast-xml-parser reads a document otherwise than the codec: its own departures from XML,
 * counted by the fast-xml-parser test, which also checks that saxes reads such a document as the
 * codec does. `refusal` is fast-xml-parser's message when it refused the document.
 */
export const FAST_XML_PARSER_DIFFERENCES: Array<{
	id: string;
	reason: string;
	/** saxes too reads the document otherwise than the codec: one of the codec's deliberate differences. */
	codecDifference?: boolean;
	applies(text: string, refusal: string | undefined): boolean;
}> = [
	{
		id: 'leadingWhitespace',
		reason:
			'The codec accepts white space before the XML declaration (see above); fast-xml-parser does not.',
		codecDifference: true,
		applies: (text, refusal) =>
			refusal !== undefined &&
			/XML declaration allowed only at the start/.test(refusal) &&
			/^[\t\n\r ]+<\?xml[\t\n\r ]/.test(text),
	},
	{
		id: 'fxpNames',
		reason:
			'fast-xml-parser refuses names XML allows: characters above U+FFFF (U+10000 to U+EFFFF are name characters) and some combining marks.',
		applies: (_text, refusal) => refusal !== undefined && /is an invalid name/.test(refusal),
	},
	{
		id: 'fxpProcessingInstructions',
		reason:
			'fast-xml-parser refuses some processing instructions XML allows (a target that starts with "xml", data with a "<" or an odd quote).',
		applies: (_text, refusal) => refusal !== undefined && /Pi Tag is not closed/.test(refusal),
	},
	{
		id: 'fxpJavaScriptWhiteSpace',
		reason:
			'fast-xml-parser splits tags at JavaScript white space (U+FEFF, U+00A0, U+2028...), which XML counts as name characters or text: it reads other attribute names.',
		applies: (text) => JAVASCRIPT_ONLY_WHITE_SPACE.test(text),
	},
];
