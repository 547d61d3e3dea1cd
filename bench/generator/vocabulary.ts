/**
 * Word lists of the page generator. Written for the generator (not taken
 * from any corpus page): people, places, clerks, archives, nouns that can
 * be counted, and prose sentences with no numbers in them (a number in
 * prose would be read as a quantity or a paragraph number).
 */

/** Senders and addressees: multi-word names and single surnames. */
export const PRINCIPALS = [
  'Kim Il Sung',
  'Pak Hon Yong',
  'Mao Zedong',
  'Zhou Enlai',
  'Stalin',
  'Molotov',
  'Vyshinsky',
  'Gromyko',
  'Shtykov',
  'Razuvaev',
  'Roshchin',
  'Kovalev',
  'Panyushkin',
  'Zakharov',
  'Lazarev',
  'Malik',
  'Tunkin',
  'Suzdalev',
  'Ignatiev',
  'Fedorenko',
  'Kuznetsov',
  'Vasilevsky',
  'Choe Yong Gon',
  'Kim Chaek',
  'Peng Dehuai',
  'Gao Gang',
  'Nie Rongzhen',
  'Li Kenong',
  'Zaitsev',
  'Orlov',
  'Sokolovsky',
  'Beloborodov',
  'Krylov',
  'Derevyanko',
] as const;

/** People on distribution lists. */
export const DISTRIBUTEES = [
  'Stalin',
  'Molotov',
  'Malenkov',
  'Beria',
  'Mikoyan',
  'Kaganovich',
  'Bulganin',
  'Voroshilov',
  'Khrushchev',
  'Vyshinsky',
  'Gromyko',
  'Shtemenko',
  'Vasilevsky',
  'Zorin',
  'Pervukhin',
  'Saburov',
] as const;

/** Cipher clerks and typists. */
export const CLERKS = [
  'Morozov',
  'Sorokin',
  'Belov',
  'Tikhonov',
  'Zhukov',
  'Egorov',
  'Filatov',
  'Gusev',
  'Komarov',
  'Lebedev',
] as const;
export const TYPISTS = [
  'Kravchuk',
  'Ivanova',
  'Petrova',
  'Smirnova',
  'Volkova',
  'Kuzmina',
  'Orlova',
  'Zaitseva',
  'Fedotova',
] as const;

/** Cities a receiving office names. */
export const RECEIVED_IN = ['Moscow', 'Pyongyang', 'Peking'] as const;

/** Salutations of letters, by the addressee's name in the title. */
export const DEAR = [
  'Dear Comrade',
  'Respected Comrade',
  'Esteemed Comrade',
] as const;
export const CLOSINGS = [
  'With respect,',
  'With comradely greetings,',
  'Respectfully,',
  'With deep respect,',
] as const;

/** Topics of letter titles (`Letter from A to B on <topic>`). */
export const TOPICS = [
  'Assistance for Schools',
  'Deliveries of Equipment',
  'the Training of Cadres',
  'Railway Repairs',
  'Medical Aid',
  'the Supply of Fuel',
  'Port Construction',
  'Agricultural Machinery',
] as const;

/**
 * Countable things, plural. The extractor's unit is the noun phrase after
 * the number up to a preposition (other than `of`).
 */
export const UNITS = [
  'trucks',
  'tractors',
  'pilots',
  'radio operators',
  'tons of fuel',
  'rifles',
  'machine guns',
  'field guns',
  'engineering officers',
  'instructors',
  'locomotives',
  'railway cars',
  'tons of ammunition',
  'sets of radio equipment',
  'doctors',
  'tons of grain',
  'tankists',
  'teachers of mathematics',
  'mine detectors',
  'motorcycles',
] as const;

/** How a numbered request starts (verb) and ends (destination). */
export const REQUEST_VERBS = [
  'To send',
  'To supply',
  'To deliver',
  'To permit the training of',
  'To allocate',
  'To transfer',
] as const;
export const DESTINATIONS = [
  'for the units on the eastern front',
  'to the port of Chongjin',
  'for the divisions in reserve',
  'through Manpojin and Sinuiju',
  'by the end of the quarter',
  'from the reserves of the Far Eastern Military District',
  'for the defence of the capital',
  'to the railway junction at Andong',
  'for the repair shops in Harbin',
  'in the course of the coming month',
] as const;

/** Prose sentences (no digits, no list markers, no dates). */
export const SENTENCES = [
  'The situation at the front remains difficult, and the enemy continues to bring up reserves.',
  'Our comrades have studied the question carefully and consider the measures below urgent.',
  'The government asks that this matter be considered without delay.',
  'The railway through the northern provinces is damaged in several places.',
  'The enemy air force attacks the roads both day and night.',
  'Repairs of the bridges are proceeding slowly because of the shortage of materials.',
  'The leadership expresses its deep gratitude for the help already given.',
  'The army lacks transport and trained specialists for the new formations.',
  'I consider it necessary to report the following to you.',
  'The harvest in the southern districts was poor, and the population needs help.',
  'Negotiations with the local authorities were held in a friendly atmosphere.',
  'The commanders of the corps report that the supply of ammunition is irregular.',
  'It is very difficult to train these cadres inside the country.',
  'The question was discussed at a meeting of the Political Council.',
  'We ask you to inform us of your decision as soon as possible.',
] as const;

/** Lead-ins before numbered requests. */
export const REQUEST_LEADS = [
  'Therefore, we turn to you with the following requests:',
  'The government asks you to consider the following:',
  'I ask you to convey to the Soviet Government the following requests:',
  'In this connection we request:',
] as const;

/** Summaries (the archive's line before `Document Information`). */
export const SUMMARY_VERBS = [
  'asks',
  'requests',
  'reports to',
  'informs',
  'writes to',
] as const;
export const SUMMARY_ENDS = [
  'about deliveries of equipment and the training of specialists.',
  'on the state of the railways and the need for transport.',
  'about the supply of fuel, ammunition and vehicles.',
  'concerning assistance for the army and the civilian population.',
  'on the results of talks with the local leadership.',
] as const;

/** Archive citations: how they are written and what the extractor names them. */
export const ARCHIVES = [
  { written: 'APRF', name: 'APRF' },
  { written: 'AVP RF', name: 'AVPRF' },
  { written: 'RGASPI', name: 'RGASPI' },
  { written: 'TsAMO RF', name: 'TsAMORF' },
] as const;

export const RIGHTS =
  'The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational purposes. Some documents may be subject to copyright, which is retained by the rights holders in accordance with US and international copyright laws.';

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * Page sizes of the corpus, for corpus-sized pages (`size: 'corpus'`):
 * the UTF-8 bytes of the `.txt` pages in ../shared/corpus/pages (68 pages)
 * at every 5th percentile, p0 to p100, linearly interpolated between
 * ranks. Most corpus pages were saved cut at 2,000 bytes, hence the long
 * run of 2000; mean 1,969 bytes. Sizes only: no corpus text is used. The
 * cost figures are per page, and a DynamoDB item or an S3 object is priced
 * by its size, so they are measured on pages of this size.
 */
export const CORPUS_PAGE_BYTES = [
  1541, 1631, 1786, 1999, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000,
  2000, 2000, 2000, 2000, 2000, 2000, 2000, 2867,
] as const;
