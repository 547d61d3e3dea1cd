/**
 * The vocabularies the extractor reads with, as data. Each entry (or group)
 * says why it is there: the rules in people.ts, title.ts, quantities.ts and
 * distribution.ts read forms (`Name - N`, `Telegram from A to B`); these
 * lists only say which words fill a slot in a form.
 */

/**
 * Forms of address written before a name, stripped from names everywhere
 * (titles, address lines, signatures, the person index and the query).
 * Regex source, matched case-insensitively at the start of a name.
 */
export const HONORIFIC_WORDS: readonly string[] = [
  // English, as the archive's translators write it: `Comrade Stalin`,
  // `Comrades Liu [Shaoqi], Zhu [De]`, `Cde. Filippov`, `Cdes. Kim and Pak`,
  // `Com. Kim`, `Comr. Puzanov`, and the bracketed completion `Com[rade]`
  'Comrades?',
  'Cdes?\\.',
  'Cdes',
  'Com\\.',
  'Comr\\.',
  'Com\\[rade\\]',
  // transliterated Russian left untranslated: `Tov. Stalin`, `Tovarishch X`
  'Tov\\.',
  'Tovarishch',
  // Western forms of address in translations of diplomats' notes
  'Mr\\.',
  'Mrs\\.',
  'Ms\\.',
  'Messrs\\.',
  'Dr\\.',
  // the address in the languages the archive translates from, where a
  // translator keeps it: German `Genosse`, Hungarian `Elvtárs`, Polish
  // `Towarzysz`, Serbo-Croatian `Drugar` (not the bare `Drug`, an English
  // word), Romanian `Tovarăș`, Czech `Soudruh`, Bulgarian `Drugaryu`
  'Genossen?',
  'Genossin',
  'Elvt[aá]rs(?:nő)?',
  'Towarzyszu?',
  'Drugar(?:ica)?',
  'Tovar[aă][sșş](?:ul)?',
  'Soudruh(?:u)?',
  'Drugaryu',
];

/**
 * Offices and ranks that stand before a name and are not part of it
 * (`Ambassador Ivanov`, `Generalissimo Stalin`, `Lt. Col. Kovalev`).
 * Stripped from the head of a name in titles and signatures.
 */
export const RANK_WORDS: readonly string[] = [
  'Generalissimo',
  'General(?:-\\w+)?',
  'Marshal',
  'Premier',
  'Prime\\s+Minister',
  'President',
  'Chairman',
  'Vice[- ]Premier',
  'Lt\\.\\s*Col\\.',
  'Colonel',
  'Ambassador',
  'Minister',
  'Secretary',
  'Deputy',
];

/**
 * Offices that both stand as a rank before a name (`Ambassador Ivanov`)
 * and make a segment an office rather than a person (`Soviet Ambassador to
 * Cuba`). Commissar: Soviet offices of the 1930s-40s (`People's Commissar
 * of Internal Affairs`); Chargé d'Affaires: the head of a mission in an
 * ambassador's absence.
 */
const OFFICES: readonly string[] = [
  'Ambassador',
  'Representative',
  'Envoy',
  'Diplomat',
  'Counsell?or',
  'Consul',
  'Attach[eé]',
  'Advis[eo]r',
  'Secretary',
  'Chairman',
  'Minister',
  'Head',
  'Chief',
  'Director',
  'Deputy',
  'President',
  'Premier',
  'Commissar',
  "Charg[eé]\\s+d[’']\\s?Affaires",
];

/**
 * Office words: a segment made of these and organisations only is an
 * office, not a person (`General Secretary of the KWP CC`). Plurals count
 * (`Romanian Diplomats in China`). Officer, Commander, Member, Leader and
 * Correspondent name a function, never a rank written before a name.
 */
export const OFFICE_WORDS: readonly string[] = [
  ...OFFICES,
  'Officer',
  'Commander',
  'Member',
  'Leader',
  'Correspondent',
];

/**
 * Offices that begin a name phrase to be stripped (`Soviet Ambassador to the
 * USA Dobrynin` → `Dobrynin`): the offices, and the military ranks that
 * stand the same way (`Marshal Zhukov`).
 */
export const LEADING_OFFICE_WORDS: readonly string[] = [
  ...OFFICES,
  'Generalissimo',
  'Marshal',
  'General',
];

/**
 * Offices after which a ` to ` belongs to the office (`Ambassador to
 * Cuba`), not to the sender → recipient form.
 */
export const OFFICE_TO_WORDS: readonly string[] = [
  'Ambassador',
  'Representative',
  'Envoy',
  'Delegate',
  'Consul',
  'Minister',
  'Advis[eo]rs?',
  'Attach[eé]',
];

/** Words that alone are an office or form of address, never a name. */
export const TITLE_ONLY_WORDS: ReadonlySet<string> = new Set([
  'chairman',
  'premier',
  'president',
  'leader',
  'boss',
  'generalissimo',
]);

/**
 * The one-word addresses of US cables (`FM AMEMBASSY MOSCOW`, `TO SECSTATE
 * WASHDC`, `INFO USUN NEW YORK`): a post or an office, a body kept as
 * written.
 */
export const CABLE_ADDRESS_WORDS: readonly string[] = [
  'AMEMBASSY',
  'AMEMB',
  'AMCONSUL',
  'AMCONGEN',
  'AMLEGATION',
  'SECSTATE',
  'SECDEF',
  'USMISSION',
  'USUN',
  'USNATO',
  'USDEL',
  'USLO',
  'USINT',
];

/**
 * Words that make a name an organisation (kept as written, `the` dropped):
 * `Romanian Embassy in Pyongyang`, `Central Committee of the CPSU`.
 */
export const ORGANISATION_WORDS: readonly string[] = [
  'Embassy',
  'Ministry',
  'Council',
  'Committee',
  'Department',
  'Directorate',
  'Delegation',
  'Presidium',
  'Politburo',
  'Government',
  'Office',
  'Administration',
  'Staff',
  'Bureau',
  'Party',
  'Section',
  'Commission',
  'Mission',
  'MFA',
  'Foreign Affairs',
  'Legation',
  'Consulate',
  'Agency',
  'Army',
  'Command',
  'Headquarters',
  'Union',
  'Assembly',
  'Congress',
  ...CABLE_ADDRESS_WORDS,
];

/**
 * The precedence a US cable writes after its addressee (`TO SECSTATE
 * WASHDC PRIORITY`, `NIACT IMMEDIATE`, `OPERATIONAL IMMEDIATE`): how fast
 * to deliver, not part of the address.
 */
export const CABLE_PRECEDENCE_WORDS: readonly string[] = [
  'PRIORITY',
  'IMMEDIATE',
  'ROUTINE',
  'NIACT',
  'FLASH',
  'OPERATIONAL',
];

/**
 * Nationality or state words before an envoy's office: `Soviet Ambassador`
 * is a person's office even though `Soviet` could lead an organisation.
 */
export const NATIONALITY_WORDS: readonly string[] = [
  'Soviet',
  'USSR',
  'Chinese',
  'Polish',
  'Hungarian',
  'Romanian',
  'GDR',
];

/**
 * Words that begin a two-word place after an office (`Ambassador to North
 * Korea`, `Consul in South Vietnam`): the place is both words.
 */
export const PLACE_PREFIX_WORDS: readonly string[] = [
  'North',
  'South',
  'East',
  'West',
  'Northern',
  'Southern',
  'Eastern',
  'Western',
  'Inner',
  'Outer',
];

/**
 * Words that open the subject of a title after its people (`Telegram from
 * A to B Concerning ...`, `..., Transmitting Letter from ...`): what
 * follows is not a name.
 */
export const SUBJECT_WORDS: readonly string[] = [
  'Concerning',
  'Regarding',
  'About',
  'Transmitting',
  'Forwarding',
  'Enclosing',
  'Conveying',
  'Reporting',
  'Informing',
  'Requesting',
  'Proposing',
  'Containing',
  'Summarizing',
  'Relaying',
  'With\\s+Regard\\s+to',
  'On\\s+the\\s+Subject\\s+of',
];

/**
 * Participles that say what was done with a document (`Report Transmitted
 * to Moscow`, `Note Handed to the Ambassador`): after the type words they
 * are not a sender written without `from`.
 */
export const DOCUMENT_VERBS: readonly string[] = [
  'Sent',
  'Transmitted',
  'Forwarded',
  'Addressed',
  'Delivered',
  'Submitted',
  'Presented',
  'Handed',
  'Passed',
  'Given',
  'Read',
];

/**
 * First words of distribution entries that are no one's name (RECORD.md
 * keeps `file`, `copy`, `Distribution list`, `File of 8th` as written):
 * the TEI export writes them as plain names, and people listings and
 * facets leave them out.
 */
export const NON_PERSON_ENTRY_WORDS: ReadonlySet<string> = new Set([
  'file',
  'copy',
  'copies',
  'distribution',
  'archive',
]);

/**
 * Words that make a name a body or a meeting, not a person, beside the
 * organisation words: a state (`Mongolian People's Republic`), a party
 * meeting (`KWP CC December Plenum`), a central committee written `CC`.
 */
export const BODY_NAME_WORDS: readonly string[] = [
  'Republic',
  'Plenum',
  'Congress',
  'CC',
];

/**
 * Known pseudonyms in this archive. A bracket after one of them identifies
 * the person (`Filippov [Stalin]`); after any other single name a one-word
 * bracket is an editorial completion (`Zhu [De]`). Spellings as the
 * translations give them.
 */
export const CODE_NAMES: ReadonlySet<string> = new Set([
  // Stalin's cable name in 1949-1953 correspondence, with the translations'
  // spellings (and a typo that recurs in one collection)
  'filippov',
  'filipov',
  'flilippov',
  'fillipov',
  // the same name in Chinese transcription (`Feng Xi [Fyn Si; Stalin]`)
  'feng xi',
  'fyn si',
  'fin si',
  // `Instantsiia` ("the Instance"): the Politburo as addressee of cables
  'instantsia',
  'instantsiya',
  'instanciya',
]);

/**
 * Words that qualify a document's type without changing it (`Secret
 * Telegram`, `Special Report`, `Ciphered Telegram`, `Urgent Cable`).
 */
export const DOCUMENT_QUALIFIERS: readonly string[] = [
  // classification marks written into titles and headings
  'Secret',
  'Top\\s+Secret',
  'Strictly\\s+Secret',
  'Confidential',
  'Personal',
  // urgency and kind
  'Urgent',
  'Very\\s+Urgent',
  'Special',
  'Brief',
  'Short',
  'Additional',
  'Supplementary',
  // how a telegram travelled
  'Ciphered',
  'Coded',
  'Outgoing',
  'Incoming',
];

/**
 * The events of a conversation document (`Record of a Meeting`, `Memorandum
 * of Conversation`, `Interview with X`; RECORD.md Clarifications: Meeting,
 * Discussion, Reception, Negotiation and Interview lead a conversation).
 */
export const CONVERSATION_WORDS: readonly string[] = [
  'Conversations?',
  'Talks?',
  'Meetings?',
  'Discussions?',
  'Discussing',
  'Receptions?',
  'Negotiations?',
  'Interviews?',
];

/**
 * Telegram words: `Cryptogram` and `Cipher` (Polish and Hungarian
 * translations) are telegrams by the Clarifications; `Ciphergram` likewise.
 */
export const TELEGRAM_WORDS: readonly string[] = [
  'Cable\\s+Telegram',
  'Telegram',
  'Cable',
  'Cablegram',
  'Radiogram',
  'Code\\s+Message',
  'Cryptogram',
  'Ciphergram',
  'Cipher(?:ed)?\\s+Telegram',
  'Cipher',
  // the wire's other name for one, in the 1970s-80s pages
  'Telex',
];

/**
 * Words a telegram's heading may carry before its name (`Secret Telegram`,
 * `Strictly Secret Ciphered Telegram`, `Incoming Cable`, `Encoded
 * telegram`): classification, how it was enciphered, direction, urgency.
 * `Top`/`Strictly`/`Very`/`Extremely` may stand before each.
 */
export const TELEGRAM_QUALIFIERS: readonly string[] = [
  'Secret',
  'Confidential',
  'Urgent',
  'Immediate',
  'Priority',
  'Flash',
  'Special',
  'Ciphered',
  'Enciphered',
  'Encoded',
  'Encrypted',
  'Coded',
  'Code',
  'Cipher',
  'Cable',
  'Incoming',
  'Outgoing',
];

/**
 * Classifications a US cable's first line opens with (State Department
 * practice), each written plain or with its letters spaced (`S E C R E T`).
 */
export const CABLE_CLASSIFICATIONS: readonly string[] = [
  'TOP SECRET',
  'SECRET',
  'CONFIDENTIAL',
  'UNCLASSIFIED',
  'LIMITED OFFICIAL USE',
];

/**
 * Bodies that sit in a place: a from-line naming one gives the place
 * (RECORD.md clarifications), each entry a kind of sender.
 */
export const SENDING_BODY_WORDS: readonly string[] = [
  'Embassy', // `From: the Romanian Embassy in Pyongyang`
  'Legation', // the pre-embassy missions of the 1940s-50s
  'Mission', // `Permanent Mission of X to the United Nations`
  'Consulate', // consular telegrams
  'Delegation', // delegations reporting from a conference town
  'Representation', // trade and party representations
  'Office', // press and trade offices
  'Bureau', // news agency bureaus
];

/** Numbers written as words, one to twenty (copies, counts). */
export const WORD_NUMBERS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};

/** `a|b|c` for a list of regex sources. */
export function alternation(words: readonly string[]): string {
  return words.join('|');
}

/**
 * Places that the documents write alone on a line as a dateline (`Pyongyang`
 * above `31 August 1950`) or in a from-line: the capitals and seats of the
 * governments whose papers the archive holds, in the spellings the
 * translations use. A line that is only one of these is a place, never a
 * signature.
 */
export const DATELINE_PLACES: ReadonlySet<string> = new Set([
  'moscow',
  'kremlin',
  'pyongyang',
  'peking',
  'peiping',
  'beijing',
  'seoul',
  'tokyo',
  'hanoi',
  'ulaanbaatar',
  'ulan bator',
  'ulan-bator',
  'budapest',
  'warsaw',
  'prague',
  'praha',
  'berlin',
  'east berlin',
  'bucharest',
  'sofia',
  'belgrade',
  'tirana',
  'havana',
  'washington',
  'brasilia',
  'rio de janeiro',
  'london',
  'paris',
  'geneva',
  'new york',
  'shanghai',
  'harbin',
  'dalian',
  'port arthur',
  'vladivostok',
  'khabarovsk',
]);

/**
 * Words that end the body or state of an office phrase written before a
 * name (`Minister of National Defense Choe Hyon Gun`, `Chairman of the
 * Cabinet of Ministers Kim Il Sung`, `Premier of the State Council Zhou
 * Enlai`): the name is what follows the last of them. Organisation words
 * (ORGANISATION_WORDS) and acronyms (`USSR`, `DPRK`, `CC`) end a body too.
 * Lower case; matched word by word.
 */
export const OFFICE_DOMAIN_WORDS: ReadonlySet<string> = new Set([
  // the portfolios of ministers and departments in these governments
  'affairs',
  'defense',
  'defence',
  'ministers',
  'cabinet',
  'trade',
  'security',
  'interior',
  'industry',
  'agriculture',
  'culture',
  'education',
  'health',
  'finance',
  'finances',
  'justice',
  'commerce',
  'communications',
  'transport',
  'railways',
  'construction',
  'planning',
  'economy',
  'relations',
  'forces',
  'navy',
  'front',
  'plenum',
  'board',
  // the state or body an office belongs to (`of the USSR`, `of the
  // People's Republic of China`, `of the Hungarian People's Republic`)
  'republic',
  'state',
  'states',
  'kingdom',
  'korea',
  'china',
  'mongolia',
  'vietnam',
  'cuba',
  'hungary',
  'poland',
  'romania',
  'bulgaria',
  'czechoslovakia',
  'albania',
  'yugoslavia',
  'germany',
  'japan',
  'america',
  'laos',
  'cambodia',
  'india',
  'indonesia',
  'burma',
]);

/**
 * Acronyms of the states, parties and bodies whose offices stand before a
 * name (`Chairman of the Cabinet of the DPRK KIM IL SUNG`, `First Secretary
 * of the HSWP CC KÁDÁR`): written in capitals like the name after them, they
 * still end the office phrase. As written.
 */
export const BODY_ACRONYMS: ReadonlySet<string> = new Set([
  // states
  'USSR',
  'DPRK',
  'PRC',
  'ROK',
  'GDR',
  'FRG',
  'MPR',
  'DRV',
  'DRVN',
  'USA',
  'US',
  'UK',
  'UN',
  'CSSR',
  'ČSSR',
  'SFRY',
  'PRB',
  'SRR',
  // parties and their central committees
  'CC',
  'CPSU',
  'KWP',
  'WPK',
  'CCP',
  'CPC',
  'SED',
  'MPRP',
  'HSWP',
  'PUWP',
  'BCP',
  'RCP',
  'RWP',
  'CPCz',
  'KSČ',
  'LCY',
  'VWP',
  'CPV',
  'PCC',
  // ministries and councils
  'MFA',
  'MID',
  'KGB',
  'NKVD',
  'MGB',
]);

/**
 * Words that name a venue, not a party, after a list of participants
 * (`between A and B, Voden Residence`, `..., Kremlin Palace`).
 */
export const VENUE_WORDS: readonly string[] = [
  'Residence',
  'Palace',
  'Villa',
  'Dacha',
  'Hall',
  'House',
  'Hotel',
  'Guesthouse',
  'Kremlin',
];

/**
 * Family names of the languages that write the family name first (Korean,
 * Chinese, Vietnamese), in the translations' spellings: a name written
 * `KIM Il Sung` or `MAO Zedong` is already in its usual order, while
 * `STALIN Iosif Vissarionovich` or Hungarian `KÁDÁR János` puts the family
 * name first only as a form of the document (givenNameFirst). Lower case.
 */
export const FAMILY_NAME_FIRST: ReadonlySet<string> = new Set([
  // Korean
  'kim',
  'pak',
  'park',
  'ri',
  'rhee',
  'lee',
  'yi',
  'choe',
  'choi',
  'chong',
  'jong',
  'jeong',
  'chung',
  'ho',
  'hong',
  'han',
  'kang',
  'nam',
  'o',
  'oh',
  'yun',
  'yon',
  'ryu',
  'pang',
  'song',
  'chang',
  'jang',
  'cho',
  'jo',
  'mun',
  'moon',
  'an',
  'ahn',
  'im',
  'hyon',
  'hwang',
  'paek',
  'baek',
  'so',
  'yang',
  // Chinese
  'mao',
  'zhou',
  'liu',
  'deng',
  'zhu',
  'peng',
  'chen',
  'wang',
  'zhang',
  'li',
  'gao',
  'lin',
  'dong',
  'he',
  'hu',
  'huang',
  'ye',
  'xu',
  'wu',
  'zhao',
  'sun',
  'ma',
  'kang',
  'luo',
  'tan',
  'chou',
  'chu',
  'teng',
  'chiang',
  // Vietnamese
  'nguyen',
  'pham',
  'le',
  'tran',
  'vo',
  'truong',
  'hoang',
]);

/**
 * The word "archive" in the languages whose archives the citations name
 * (`Archiwum Ministerstwa Spraw Zagranicznych (AMSZ)`, `Arhivele Naționale`,
 * `Bundesarchiv`, `Archivo Central`, `Arquivo Histórico do Itamaraty`): a
 * citation opening with such a name
 * and no fond/opis/delo gives the archive alone.
 */
export const ARCHIVE_WORDS: readonly string[] = [
  'Archives?',
  'Archiwum',
  'Archiv(?:es|um|o)?',
  'Arhiv(?:a|ele)?',
  'Arquivo',
  'Archivio',
  'Bundesarchiv',
  // presidential libraries keep their papers (`Lyndon B. Johnson Library
  // (LBJL)`); a library counts only with the acronym a citation gives it
  'Library(?=[^)]*\\([A-Z])',
];
