/**
 * The name-variant DATA behind the person key (`personKey` in names.ts):
 * every table a historian's spelling of a name can pass through on its way
 * to one key. Rules live in names.ts; this module only says which syllables,
 * letters, surnames and given names exist and why each is here.
 *
 * Sources:
 * - Pinyin syllables: the syllable inventory of the Scheme for the Chinese
 *   Phonetic Alphabet (Hanyu Pinyin Fang'an, 1958), as in the standard Pinyin
 *   table (initials × finals, interjections such as `hm`, `ng`, `ê` left out).
 * - Wade–Giles → Pinyin: the Library of Congress Pinyin Conversion Project
 *   romanization table, "Wade-Giles to Pinyin" (2000,
 *   https://www.loc.gov/catdir/pinyin/), one pair per Pinyin syllable, with
 *   the circumflex and breve dropped (`ê` → `e`, `ŭ` → `u`, as nearly every
 *   printed text does) and the umlaut kept (`hsü`, `chü`, `yü`).
 * - Palladius (Chinese in Cyrillic): the Palladius system (П. И. Кафаров,
 *   1888 dictionary) as tabulated by Л. Р. Концевич, «Китайские имена
 *   собственные и термины в русском тексте» (2002): one Cyrillic initial
 *   and final per Pinyin initial and final.
 * - Russian Cyrillic → Latin: BGN/PCGN 1947 (the system of English-language
 *   maps, press and US/UK government papers), diacritics dropped.
 * - Korean: Revised Romanization (2000), McCune–Reischauer (1939) with its
 *   breves dropped, and the DPRK's own spellings (`Ri`, `Pak`, `th`, `kh`).
 * - Vietnamese: quốc ngữ syllable structure (onset, nucleus, coda) with
 *   tone marks and `đ` dropped.
 * - Surnames: Chinese, the Ministry of Public Security household-register
 *   ranking (2020) of the 100 most frequent, then the next most frequent and
 *   the compound surnames of the Baijiaxing; Korean, Statistics Korea 2015
 *   census (most frequent), each with its spellings in the systems above;
 *   Vietnamese, the most frequent family names.
 */

/** A table entry's reason, kept beside it so a test can show it. */
export interface Explained<T> {
  readonly value: T;
  readonly reason: string;
}

/**
 * Every Pinyin syllable (tone marks dropped, `ü` kept where Pinyin writes it:
 * `lü`, `nü`, `lüe`, `nüe`; after j/q/x/y Pinyin writes ü as `u`). Used to
 * segment a given name written as one word (`zedong` = ze+dong, `xiaoping`
 * = xiao+ping) and to tell Pinyin from Wade–Giles.
 */
export const PINYIN_SYLLABLES: readonly string[] = [
  // no initial
  'a ai an ang ao e ei en eng er o ou',
  // y
  'ya yan yang yao ye yi yin ying yo yong you yu yuan yue',
  'yun',
  // w
  'wa wai wan wang wei wen weng wo wu',
  // b
  'ba bai ban bang bao bei ben beng bi bian biao bie bin',
  'bing bo bu',
  // p
  'pa pai pan pang pao pei pen peng pi pian piao pie pin',
  'ping po pou pu',
  // m
  'ma mai man mang mao me mei men meng mi mian miao mie min',
  'ming miu mo mou mu',
  // f
  'fa fan fang fei fen feng fo fou fu',
  // d
  'da dai dan dang dao de dei den deng di dia dian diao die',
  'ding diu dong dou du duan dui dun duo',
  // t
  'ta tai tan tang tao te tei teng ti tian tiao tie ting',
  'tong tou tu tuan tui tun tuo',
  // n
  'na nai nan nang nao ne nei nen neng ni nian niang niao',
  'nie nin ning niu nong nou nu nü nuan nüe nuo',
  // l
  'la lai lan lang lao le lei leng li lia lian liang liao',
  'lie lin ling liu lo long lou lu lü luan lüe lun luo',
  // g
  'ga gai gan gang gao ge gei gen geng gong gou gu gua guai',
  'guan guang gui gun guo',
  // k
  'ka kai kan kang kao ke kei ken keng kong kou ku kua kuai',
  'kuan kuang kui kun kuo',
  // h
  'ha hai han hang hao he hei hen heng hong hou hu hua huai',
  'huan huang hui hun huo',
  // j
  'ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue',
  'jun',
  // q
  'qi qia qian qiang qiao qie qin qing qiong qiu qu quan que',
  'qun',
  // x
  'xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue',
  'xun',
  // zh
  'zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou',
  'zhu zhua zhuai zhuan zhuang zhui zhun zhuo',
  // ch
  'cha chai chan chang chao che chen cheng chi chong chou chu',
  'chua chuai chuan chuang chui chun chuo',
  // sh
  'sha shai shan shang shao she shei shen sheng shi shou shu',
  'shua shuai shuan shuang shui shun shuo',
  // r
  'ran rang rao re ren reng ri rong rou ru rua ruan rui run',
  'ruo',
  // z
  'za zai zan zang zao ze zei zen zeng zi zong zou zu zuan',
  'zui zun zuo',
  // c
  'ca cai can cang cao ce cen ceng ci cong cou cu cuan cui',
  'cun cuo',
  // s
  'sa sai san sang sao se sen seng si song sou su suan sui',
  'sun suo',
]
  .join(' ')
  .split(' ');

/**
 * Wade–Giles → Pinyin, one `wg py` pair per Pinyin syllable, grouped by the
 * Pinyin initial (LC table, see the module doc). The apostrophe marks
 * aspiration (`p'ing` = ping, `ping` = bing): Wade–Giles is only read as
 * Wade–Giles when the apostrophes are seen, so the key sees them before the
 * clean-up drops them. `o` = e (Pinyin's interjections `o`, `yo`, `lo` are
 * left out: their WG forms read as `e`, `luo`).
 */
export const WADE_GILES_TO_PINYIN: readonly string[] = [
  // no initial
  'a a, ai ai, an an, ang ang, ao ao, o e, ei ei, en en, eng eng',
  'erh er, ou ou',
  // y- (i-, yü- in WG)
  'ya ya, yen yan, yang yang, yao yao, yeh ye, i yi, yin yin',
  'ying ying, yung yong, yu you, yü yu, yüan yuan, yüeh yue, yün yun',
  // w-
  'wa wa, wai wai, wan wan, wang wang, wei wei, wen wen, weng weng',
  'wo wo, wu wu',
  // b = WG p
  'pa ba, pai bai, pan ban, pang bang, pao bao, pei bei, pen ben',
  'peng beng, pi bi, pien bian, piao biao, pieh bie, pin bin',
  'ping bing, po bo, pu bu',
  // p = WG p'
  "p'a pa, p'ai pai, p'an pan, p'ang pang, p'ao pao, p'ei pei",
  "p'en pen, p'eng peng, p'i pi, p'ien pian, p'iao piao, p'ieh pie",
  "p'in pin, p'ing ping, p'o po, p'ou pou, p'u pu",
  // m
  'ma ma, mai mai, man man, mang mang, mao mao, me me, mei mei',
  'men men, meng meng, mi mi, mien mian, miao miao, mieh mie, min min',
  'ming ming, miu miu, mo mo, mou mou, mu mu',
  // f
  'fa fa, fan fan, fang fang, fei fei, fen fen, feng feng, fo fo',
  'fou fou, fu fu',
  // d = WG t
  'ta da, tai dai, tan dan, tang dang, tao dao, te de, tei dei',
  'ten den, teng deng, ti di, tia dia, tien dian, tiao diao, tieh die',
  'ting ding, tiu diu, tung dong, tou dou, tu du, tuan duan, tui dui',
  'tun dun, to duo',
  // t = WG t'
  "t'a ta, t'ai tai, t'an tan, t'ang tang, t'ao tao, t'e te, t'ei tei",
  "t'eng teng, t'i ti, t'ien tian, t'iao tiao, t'ieh tie, t'ing ting",
  "t'ung tong, t'ou tou, t'u tu, t'uan tuan, t'ui tui, t'un tun",
  "t'o tuo",
  // n
  'na na, nai nai, nan nan, nang nang, nao nao, ne ne, nei nei',
  'nen nen, neng neng, ni ni, nien nian, niang niang, niao niao',
  'nieh nie, nin nin, ning ning, niu niu, nung nong, nou nou, nu nu',
  'nü nü, nuan nuan, nüeh nüe, no nuo',
  // l
  'la la, lai lai, lan lan, lang lang, lao lao, le le, lei lei',
  'leng leng, li li, lia lia, lien lian, liang liang, liao liao',
  'lieh lie, lin lin, ling ling, liu liu, lung long, lou lou, lu lu',
  'lü lü, luan luan, lüeh lüe, lun lun, lo luo',
  // g = WG k
  'ka ga, kai gai, kan gan, kang gang, kao gao, ko ge, kei gei',
  'ken gen, keng geng, kung gong, kou gou, ku gu, kua gua, kuai guai',
  'kuan guan, kuang guang, kuei gui, kun gun, kuo guo',
  // k = WG k'
  "k'a ka, k'ai kai, k'an kan, k'ang kang, k'ao kao, k'o ke, k'ei kei",
  "k'en ken, k'eng keng, k'ung kong, k'ou kou, k'u ku, k'ua kua",
  "k'uai kuai, k'uan kuan, k'uang kuang, k'uei kui, k'un kun",
  "k'uo kuo",
  // h
  'ha ha, hai hai, han han, hang hang, hao hao, ho he, hei hei',
  'hen hen, heng heng, hung hong, hou hou, hu hu, hua hua, huai huai',
  'huan huan, huang huang, hui hui, hun hun, huo huo',
  // j = WG ch before i/ü
  'chi ji, chia jia, chien jian, chiang jiang, chiao jiao, chieh jie',
  'chin jin, ching jing, chiung jiong, chiu jiu, chü ju, chüan juan',
  'chüeh jue, chün jun',
  // q = WG ch' before i/ü
  "ch'i qi, ch'ia qia, ch'ien qian, ch'iang qiang, ch'iao qiao",
  "ch'ieh qie, ch'in qin, ch'ing qing, ch'iung qiong, ch'iu qiu",
  "ch'ü qu, ch'üan quan, ch'üeh que, ch'ün qun",
  // x = WG hs
  'hsi xi, hsia xia, hsien xian, hsiang xiang, hsiao xiao, hsieh xie',
  'hsin xin, hsing xing, hsiung xiong, hsiu xiu, hsü xu, hsüan xuan',
  'hsüeh xue, hsün xun',
  // zh = WG ch
  'cha zha, chai zhai, chan zhan, chang zhang, chao zhao, che zhe',
  'chei zhei, chen zhen, cheng zheng, chih zhi, chung zhong',
  'chou zhou, chu zhu, chua zhua, chuai zhuai, chuan zhuan',
  'chuang zhuang, chui zhui, chun zhun, cho zhuo',
  // ch = WG ch'
  "ch'a cha, ch'ai chai, ch'an chan, ch'ang chang, ch'ao chao",
  "ch'e che, ch'en chen, ch'eng cheng, ch'ih chi, ch'ung chong",
  "ch'ou chou, ch'u chu, ch'ua chua, ch'uai chuai, ch'uan chuan",
  "ch'uang chuang, ch'ui chui, ch'un chun, ch'o chuo",
  // sh
  'sha sha, shai shai, shan shan, shang shang, shao shao, she she',
  'shei shei, shen shen, sheng sheng, shih shi, shou shou, shu shu',
  'shua shua, shuai shuai, shuan shuan, shuang shuang, shui shui',
  'shun shun, shuo shuo',
  // r = WG j
  'jan ran, jang rang, jao rao, je re, jen ren, jeng reng, jih ri',
  'jung rong, jou rou, ju ru, jua rua, juan ruan, jui rui, jun run',
  'jo ruo',
  // z = WG ts/tz
  'tsa za, tsai zai, tsan zan, tsang zang, tsao zao, tse ze, tsei zei',
  'tsen zen, tseng zeng, tzu zi, tsung zong, tsou zou, tsu zu',
  'tsuan zuan, tsui zui, tsun zun, tso zuo',
  // c = WG ts'/tz'
  "ts'a ca, ts'ai cai, ts'an can, ts'ang cang, ts'ao cao, ts'e ce",
  "ts'en cen, ts'eng ceng, tz'u ci, ts'ung cong, ts'ou cou, ts'u cu",
  "ts'uan cuan, ts'ui cui, ts'un cun, ts'o cuo",
  // s = WG s/ss
  'sa sa, sai sai, san san, sang sang, sao sao, se se, sen sen',
  'seng seng, ssu si, sung song, sou sou, su su, suan suan, sui sui',
  'sun sun, so suo',
];

/**
 * Wade–Giles spellings outside the LC table that printed texts use for the
 * same syllables. Each reads as the Pinyin given.
 */
export const WADE_GILES_VARIANTS: readonly Explained<string>[] = [
  {
    value: 'szu si',
    reason: 'Giles wrote ssŭ, many texts szŭ for the same syllable (Szu-ma)',
  },
  {
    value: "tze zi, tz'e ci",
    reason: 'tzŭ is often printed tze (Lao-tze, Sun Tze)',
  },
  {
    value: "teh de, t'eh te, jeh re, cheh zhe, ch'eh che, sheh she",
    reason:
      'postal-era spelling of ê as -eh after consonants (Chu Teh, Li Teh-sheng)',
  },
  {
    value: "tseh ze, ts'eh ce, seh se, leh le, meh me, neh ne",
    reason: 'the same -eh spelling of ê after the other initials',
  },
];

/**
 * How a Wade–Giles syllable written without its marks is read.
 * - Without an apostrophe, the syllable is read as written (unaspirated:
 *   `ping` = bing, `chi` = ji), as the LC table does. Many English texts
 *   dropped the apostrophes (`Teng Hsiao-ping`), so the query side offers
 *   the aspirated reading as an alternative (`xiaoping` as well as
 *   `xiaobing`); a key cannot know, and keeps the strict reading.
 * - A surname written without apostrophe reads as the most frequent listed
 *   surname it can spell (`Chen` = Ch'en = chen, since zhen is rare; `Peng`
 *   = P'eng = peng; `Teng` = deng): see CHINESE_SURNAMES, in frequency order.
 * - `u` written for `ü`: read as the ü syllable when the u spelling is not
 *   itself a syllable (`hsu` = hsü = xu, `yuan` = yüan); where it is (`chu` =
 *   zhu, `yu` = you), it is read as written.
 */
export const WADE_GILES_ASPIRATED_INITIALS: readonly string[] = [
  "p'",
  "t'",
  "k'",
  "ch'",
  "ts'",
  "tz'",
];

/**
 * Palladius: Pinyin initial → Cyrillic (`zh` = чж, `j`/`z` = цз, `q`/`c` = ц,
 * `x`/`s` = с, `r` = ж, `h` = х).
 */
export const PALLADIUS_INITIALS: readonly string[] = [
  'b б, p п, m м, f ф, d д, t т, n н, l л, g г, k к, h х, j цз',
  'q ц, x с, zh чж, ch ч, sh ш, r ж, z цз, c ц, s с',
];

/**
 * Palladius: Pinyin final after an initial → Cyrillic. After j/q/x the
 * Pinyin `u` finals are the ü finals (`ju` = цзюй). After z/c/s the final
 * `i` is ы (`zi` = цзы, `si` = сы); after zh/ch/sh/r it is и.
 */
export const PALLADIUS_FINALS: readonly string[] = [
  'a а, o о, e э, ai ай, ei эй, ao ао, ou оу, an ань, en энь',
  'ang ан, eng эн, er эр, ong ун, i и, ia я, iao яо, ie е, iu ю',
  'ian янь, in инь, iang ян, ing ин, iong юн, u у, ua уа, uo о',
  'uai уай, ui уй, uan уань, un унь, uang уан, ü юй, üe юэ',
  'üan юань, ün юнь',
];

/** Palladius for the syllables with no initial (Pinyin y-, w- and bare vowels). */
export const PALLADIUS_WHOLE: readonly string[] = [
  'a а, ai ай, an ань, ang ан, ao ао, e э, ei эй, en энь',
  'eng эн, er эр, o о, ou оу, yi и, ya я, yao яо, ye е, you ю',
  'yan янь, yin инь, yang ян, ying ин, yong юн, yu юй, yue юэ',
  'yuan юань, yun юнь, wu у, wa ва, wo во, wai вай, wei вэй',
  'wan вань, wen вэнь, wang ван, weng вэн',
];

/**
 * Palladius spellings that the initial + final rule does not give.
 * `hui` is хуэй (Palladius avoids the obscene homograph хуй); `lo` and `yo`
 * (interjections) are left out so that ло reads `luo`.
 */
export const PALLADIUS_EXCEPTIONS: Readonly<Record<string, string | null>> = {
  hui: 'хуэй',
  lo: null,
  yo: null,
};

/**
 * Russian (and the other Cyrillic alphabets' extra letters) → Latin,
 * BGN/PCGN 1947 without diacritics. `е` and `ё` are `ye` at the start of a
 * word and after a vowel, й, ъ or ь, `e` elsewhere (BGN's `ë` loses its
 * diaeresis). The soft sign ь is written `'` (CYRILLIC_SOFT_SIGN) so that
 * the Latin folds see it (Ignat'ev); the hard sign ъ is dropped. Letters of
 * Ukrainian, Belarusian, Serbian, Macedonian and Mongolian use their
 * national romanization. Entries are `cyrillic latin` pairs.
 */
export const CYRILLIC_TO_LATIN: readonly string[] = [
  'а a, б b, в v, г g, д d, е e, ё e, ж zh, з z, и i, й y, к k',
  'л l, м m, н n, о o, п p, р r, с s, т t, у u, ф f, х kh, ц ts',
  'ч ch, ш sh, щ shch, ы y, э e, ю yu, я ya',
  // Ukrainian, Belarusian
  'і i, ї yi, є ye, ґ g, ў w',
  // Serbian, Macedonian
  'ђ dj, ј j, љ lj, њ nj, ћ c, џ dz, ѓ gj, ќ kj, ѕ dz',
  // Mongolian
  'ө o, ү u',
];

/** ь in Latin: an apostrophe, read by RUSSIAN_FOLDS. ъ is dropped. */
export const CYRILLIC_SOFT_SIGN = "'";

/** Cyrillic letters after which BGN writes е/ё as `ye` (vowels and signs). */
export const CYRILLIC_YE_AFTER = 'аеёиоуыэюяйъьіїє';

/**
 * Latin letters that Unicode decomposition does not strip to ASCII, with
 * the ASCII the key uses (Polish ł, Croatian/Vietnamese đ, Danish ø, ...).
 */
export const LATIN_EXTRA_LETTERS: readonly string[] = [
  'ł l, đ d, ð d, ø o, ß ss, æ ae, œ oe, þ th, ı i, ħ h',
];

/** One spelling fold on a Latin token: `from` → `to`, why, and a pair it joins. */
export interface SpellingFold {
  readonly from: RegExp;
  readonly to: string;
  readonly reason: string;
  /** Two spellings of one name that the fold (with those before it) makes one. */
  readonly example: readonly [string, string];
}

const C = '[bcdfghjklmnpqrstvwxz]';
const V = '[aeiou]';

/**
 * Folds for Russian (and other Slavic) names written in Latin letters, in
 * the order they apply, to each lower-case token of a name that is not
 * East Asian. They map the BGN/PCGN, Library of Congress, scholarly and
 * French/German/Polish-style spellings of one Cyrillic name onto one form,
 * close to the Library of Congress system without diacritics (я `ia`,
 * ю `iu`, е `e`, ий `y`). A fold may also touch a non-Russian name
 * (`Bryan` → `brian`); it then only joins two spellings, never two names.
 */
export const RUSSIAN_FOLDS: readonly SpellingFold[] = [
  {
    from: /(?<=[a-z]{2})'(?=e)/g,
    to: 'i',
    reason:
      "soft sign before e, written ' by LC (Ignat'ev), i or y by others (Ignatiev, Ignatyev)",
    example: ["ignat'ev", 'ignatiev'],
  },
  {
    from: /['"]/g,
    to: '',
    reason:
      "soft and hard signs written ' and \" (Divil'kovsky) are dropped, as BGN-style print does",
    example: ["divil'kovsky", 'divilkovsky'],
  },
  {
    from: /(?<=[a-z]{3})(?:ieff|ief)$/,
    to: 'iev',
    reason: 'French spelling of -ьев/-иев (Ignatieff)',
    example: ['ignatieff', 'ignatiev'],
  },
  {
    from: /(?<=[a-z]{3})eff$/,
    to: 'ev',
    reason: 'French spelling of -ев (Sergueeff)',
    example: ['rogacheff', 'rogachev'],
  },
  {
    from: /(?<=[a-z]{3})off$/,
    to: 'ov',
    reason: 'French spelling of -ов (Rachmaninoff, Orloff)',
    example: ['rachmaninoff', 'rachmaninov'],
  },
  {
    from: /(?<=[a-z]{3})ow$/,
    to: 'ov',
    reason: 'German and Polish spelling of -ов (Molotow, Gromykow)',
    example: ['molotow', 'molotov'],
  },
  {
    from: /tch/g,
    to: 'ch',
    reason: 'French spelling of ч (Tchitcherine, Tchaikovsky)',
    example: ['tchaikovsky', 'chaikovsky'],
  },
  {
    from: /x/g,
    to: 'ks',
    reason: 'кс written x in English (Alexei, Maxim)',
    example: ['alexeev', 'alekseev'],
  },
  {
    from: /^ye/,
    to: 'e',
    reason: 'initial е is ye in BGN, e in LC (Yegorov/Egorov, Yezhov/Ezhov)',
    example: ['yegorov', 'egorov'],
  },
  {
    from: new RegExp(`(?<=${V})ye`, 'g'),
    to: 'e',
    reason: 'е after a vowel is ye in BGN, e in LC (Sergeyev/Sergeev)',
    example: ['sergeyev', 'sergeev'],
  },
  {
    from: new RegExp(`(?<=${C})ye`, 'g'),
    to: 'ie',
    reason:
      "ье after a consonant: ye in BGN, 'e in LC, ie in English (Grigoryev/Grigoriev)",
    example: ['grigoryev', 'grigoriev'],
  },
  {
    from: new RegExp(`(?<=${C})yo`, 'g'),
    to: 'e',
    reason:
      'ё after a consonant: yo in English, ë (e) in BGN and LC (Fyodor/Fedor, Pyotr/Petr, Seleznyov/Seleznev)',
    example: ['fyodor', 'fedor'],
  },
  {
    from: /(ch|sh|zh)ov(a?)$/,
    to: '$1ev$2',
    reason:
      'ё after ч/ш/ж in -ёв is written o by some (Khrushchov, Gorbachov), e by most',
    example: ['khrushchov', 'khrushchev'],
  },
  {
    from: /ya/g,
    to: 'ia',
    reason: 'я is ya in BGN, ia in LC (Vyacheslav/Viacheslav, Yakov/Iakov)',
    example: ['vyacheslav', 'viacheslav'],
  },
  {
    from: /yu/g,
    to: 'iu',
    reason: 'ю is yu in BGN, iu in LC (Yuri/Iurii, Yudin/Iudin)',
    example: ['yudin', 'iudin'],
  },
  {
    from: /iia$/,
    to: 'ia',
    reason: '-ия is iya in BGN, iia in LC, ia in English (Beriya/Beria)',
    example: ['beriya', 'beria'],
  },
  {
    from: /(?<=[a-z]{2})(?:iy|ii|yi|yy|ij|yj)$/,
    to: 'y',
    reason:
      '-ий/-ый is iy in BGN, ii in LC, ij in German/Czech, y in English (Vyshinskiy/Vyshinskii/Vyshinsky)',
    example: ['vyshinskii', 'vyshinsky'],
  },
  {
    from: /(?<=[a-z]{2})ski$/,
    to: 'sky',
    reason:
      '-ский is -ski in French, German and Polish spellings (Vyshinski); Polish -ski is the same suffix',
    example: ['sokolovski', 'sokolovsky'],
  },
  {
    from: new RegExp(`(?<=${V})y(?!${V})`, 'g'),
    to: 'i',
    reason:
      'й after a vowel is y in BGN, i in LC (Maysky/Maisky, Nikolay/Nikolai)',
    example: ['maysky', 'maisky'],
  },
  {
    from: new RegExp(`(?<=${C})yi`, 'g'),
    to: 'i',
    reason: "ьи written yi (Ilyich) or 'i (Il'ich)",
    example: ['ilyich', "il'ich"],
  },
];

/**
 * Given names that are one name across languages (and across spellings the
 * folds do not join). The first entry of a group is the key's form (its
 * Russian form where the group has one, since most people in the archive's
 * papers are Soviet or write to Soviets); the key folds every other entry
 * (after RUSSIAN_FOLDS) to it. `Joseph Stalin` and `Iosif Stalin` then meet.
 */
export const GIVEN_NAME_GROUPS: readonly Explained<string>[] = [
  {
    value:
      'aleksandr alexander aleksander alexandre alexandru aleksandar oleksandr sandor',
    reason:
      'Александр; English/German, Polish, French, Romanian, Serbian/Bulgarian, Ukrainian, Hungarian (Sándor)',
  },
  {
    value: 'aleksei alexis oleksii oleksiy alexius',
    reason:
      'Алексей (Alexei/Alexey/Aleksey fold to aleksei); Alexis in French and English texts; Ukrainian',
  },
  {
    value: 'andrei andrew andrzej andreas andrej andras andrija andriy',
    reason:
      'Андрей; English, Polish, German, Czech/Slovak, Hungarian (András), Serbian, Ukrainian',
  },
  {
    value: 'anatoly anatoli anatol',
    reason: 'Анатолий written without its ending (-ii/-iy fold already)',
  },
  { value: 'arkady arkadi', reason: 'Аркадий written -i' },
  {
    value: 'dmitry dmitri dimitri dimitry dimitar dimitrie demetrius dymitr',
    reason:
      'Дмитрий; Bulgarian Dimitar, Romanian Dimitrie, Greek-Latin Demetrius, Polish',
  },
  {
    value: 'evgeny evgeni yevgeni eugene eugen eugeniusz jeno',
    reason: 'Евгений; English, German/Romanian, Polish, Hungarian (Jenő)',
  },
  {
    value: 'fedor feodor fiodor theodore theodor teodor todor tivadar',
    reason:
      'Фёдор (Fyodor folds to fedor); English, German, Polish/Romanian, Bulgarian, Hungarian',
  },
  { value: 'gennady gennadi', reason: 'Геннадий written -i' },
  {
    value:
      'georgy georgi george georg gheorghe gyorgy jerzy jiri giorgi djordje',
    reason:
      'Георгий; Bulgarian, English, German, Romanian, Hungarian (György), Polish, Czech (Jiří), Georgian, Serbian (Đorđe)',
  },
  {
    value: 'grigory grigori gregory grzegorz gergely grigore',
    reason: 'Григорий; English, Polish, Hungarian, Romanian',
  },
  {
    value: 'iosif josif joseph josef jozef jozsef josip',
    reason:
      'Иосиф (Joseph Stalin); Serbian/Macedonian Josif, English, German/Czech, Polish (Józef), Hungarian (József), Croatian (Josip)',
  },
  {
    value: 'ivan john johann johannes jan janos ioan ion jovan',
    reason:
      'Иван; English, German, Polish/Czech, Hungarian (János), Romanian, Serbian',
  },
  {
    value: 'iakov jacob jakob jakub jakab iacob',
    reason:
      'Яков (Yakov folds to iakov); English, German, Polish/Czech, Hungarian, Romanian',
  },
  {
    value: 'konstantin constantine constantin konstanty',
    reason: 'Константин; English, Romanian/French, Polish',
  },
  {
    value: 'lavrenty lavrenti lawrence',
    reason: 'Лаврентий (Beria) written -i, and its English form',
  },
  {
    value: 'lev leo leon lew',
    reason: 'Лев: Leo (Tolstoy), Leon (Trotsky) in English, Polish Lew',
  },
  {
    value: 'matvei matthew mateusz matej matyas matthias mathias',
    reason:
      'Матвей (Matvey folds to matvei); English, Polish, Czech/Slovak, Hungarian (Mátyás), German',
  },
  {
    value: 'mikhail michael michal mihail mihaly mihai mykhailo michail',
    reason:
      'Михаил; English, Polish (Michał), Romanian/Bulgarian, Hungarian (Mihály), Romanian, Ukrainian, German',
  },
  {
    value:
      'nikolai nicholas nicolas nikolaus nicolae nikola mikolaj miklos mykola',
    reason:
      'Николай (Nikolay/Nikolaj fold to nikolai); English, French, German, Romanian, Serbian/Bulgarian, Polish (Mikołaj), Hungarian (Miklós), Ukrainian',
  },
  {
    value: 'pavel paul pawel pal pavlo',
    reason:
      'Павел; English/German/French, Polish (Paweł), Hungarian (Pál), Ukrainian',
  },
  {
    value: 'petr peter piotr petar petru petro',
    reason:
      'Пётр (Pyotr folds to petr); English/German/Hungarian (Péter), Polish, Bulgarian/Serbian, Romanian, Ukrainian',
  },
  {
    value: 'semen semion simon szymon simion',
    reason: 'Семён (Semyon folds to semen); English, Polish, Romanian',
  },
  {
    value: 'stepan stephen steven stefan stephan istvan stjepan',
    reason:
      'Степан; English, German/Polish/Bulgarian/Romanian (Ștefan), Hungarian (István), Croatian',
  },
  {
    value: 'vasily vasili vassily wassily vasile vasil basil bazyli',
    reason:
      'Василий; spellings with -i and ss, Romanian, Bulgarian/Slovak, English, Polish',
  },
  {
    value: 'viktor victor wiktor',
    reason: 'Виктор; English/French/Romanian, Polish',
  },
  {
    value: 'vladimir wlodzimierz volodymyr',
    reason: 'Владимир; Polish (Włodzimierz), Ukrainian',
  },
  {
    value: 'vladislav wladyslaw ladislav laszlo ladislaus',
    reason:
      'Владислав; Polish (Władysław), Czech/Slovak, Hungarian (László), Latin',
  },
  {
    value: 'stanislav stanislaw stanislaus stanislas',
    reason: 'Станислав; Polish (Stanisław), Latin/German, French',
  },
  {
    value: 'iury iuri jurij juri iouri',
    reason:
      'Юрий (Yury/Yurii/Iurii fold to iury; Yuri to iuri); German/Slovene, Estonian, French',
  },
  { value: 'valery valeri walery', reason: 'Валерий written -i; Polish' },
  { value: 'vitaly vitali', reason: 'Виталий written -i' },
  {
    value: 'ilia ilja ilie',
    reason: "Илья (Ilya/Il'ia/Iliya fold to ilia); German/Czech, Romanian",
  },
  {
    value: 'kliment klement clement',
    reason: 'Климент (Voroshilov); Czech (Gottwald), English',
  },
  {
    value: 'kirill kiril cyril cyryl',
    reason: 'Кирилл; Bulgarian, English, Polish',
  },
  {
    value: 'sergei serge sergiu serhiy',
    reason: 'Сергей (Sergey folds to sergei); French, Romanian, Ukrainian',
  },
  {
    value: 'timofei timothy tymoteusz',
    reason: 'Тимофей (Timofey folds to timofei); English, Polish',
  },
  {
    value: 'ignaty ignati ignatius ignacy ignac',
    reason: 'Игнатий; Latin/English, Polish, Czech/Hungarian',
  },
  {
    value: 'franz ferenc frantisek franciszek francis francisc frants',
    reason:
      'one name in German, Hungarian, Czech (František), Polish, English, Romanian, Russian (Франц); no Russian form in common use, so the German one',
  },
  {
    value: 'karl karol karel karoly charles',
    reason: 'Карл; Polish/Slovak, Czech, Hungarian (Károly), English',
  },
  {
    value: 'genrikh henry heinrich henryk henri jindrich henrik',
    reason:
      'Генрих, the Russian form of Henry; German, Polish, French, Czech (Jindřich), Hungarian/Scandinavian',
  },
  {
    value: 'anton anthony antony antal antoni antonin',
    reason: 'Антон; English, Hungarian, Polish, Czech (Antonín)',
  },
  {
    value: 'ekaterina catherine katharina katarzyna katalin',
    reason:
      'Екатерина (Yekaterina folds to ekaterina); English, German, Polish, Hungarian',
  },
  {
    value: 'elena helen helena jelena',
    reason: 'Елена (Yelena folds to elena); English, German/Polish, Serbian',
  },
  {
    value: 'maria mary marie marija',
    reason:
      'Мария (Mariya/Mariia fold to maria); English, French/German/Czech, Serbian',
  },
  {
    value: 'sofia sophia sophie zofia',
    reason:
      'Софья/София (Sofiya folds to sofia); English, French/German, Polish',
  },
  {
    value: 'liudmila ludmila ljudmila',
    reason: 'Людмила (Lyudmila folds to liudmila); Czech/English, Slovene',
  },
  {
    value: 'tatiana tatjana',
    reason: 'Татьяна (Tatyana folds to tatiana); German/Serbian',
  },
  {
    value: 'natalia natalie natalja',
    reason: 'Наталья (Natalya folds to natalia); English, German',
  },
];

/**
 * Common given names that have no cross-language group above, by language.
 * They (with every name in GIVEN_NAME_GROUPS) tell the key where the
 * surname is in a name written surname first (`Szabó Ferenc`, `Ivanov
 * Ivan`, `Nagy Imre`): a name whose last word is a known given name and
 * whose first word is not is read surname first.
 */
export const GIVEN_NAMES: readonly Explained<string>[] = [
  {
    value:
      'boris leonid nikita oleg igor vadim ruslan lazar anastas vsevolod yaroslav svyatoslav mstislav bogdan gleb efim trofim filipp foma kuzma luka makar nestor rodion savva taras valentin veniamin rostislav arseny artem denis egor maksim vyacheslav avksenty emelian zinovy olga irina galina nina zoya vera lyubov svetlana raisa valentina zinaida larisa polina nadezhda anna',
    reason: 'Russian given names (in their folded spelling)',
  },
  {
    value:
      'imre lajos gyula bela zoltan tibor arpad geza gabor dezso rezso kalman attila odon zsigmond endre erno bertalan lorant gusztav frigyes aladar denes elemer jolan erzsebet ilona eva margit julia agnes vilmos jeno',
    reason:
      'Hungarian given names: Hungarian writes the family name first (Szabó Ferenc)',
  },
  {
    value:
      'edward zenon wojciech tadeusz zbigniew kazimierz boleslaw mieczyslaw ryszard wieslaw marian adam czeslaw witold edmund marek jaroslaw',
    reason: 'Polish given names',
  },
  {
    value:
      'vaclav gustav ludvik jaroslav zdenek milos rudolf oldrich alois vasil alexander',
    reason: 'Czech and Slovak given names',
  },
  {
    value: 'emil ilie corneliu aurel dumitru manea leonte silviu chivu ana',
    reason: 'Romanian given names',
  },
  {
    value:
      'vulko traicho zhivko stanko milovan edvard svetozar miroslav dragoslav radovan slobodan veljko blagoje koca misho karlo enver mehmet ramiz',
    reason: 'Bulgarian, Yugoslav and Albanian given names',
  },
  {
    value:
      'walter erich wilhelm otto hermann friedrich hans gunter gunther kurt heinz willi werner horst egon konrad helmut ludwig gerhard wolfgang manfred ernst bruno fritz heinrich',
    reason: 'German given names',
  },
  {
    value:
      'william robert david dwight lyndon harold winston adlai ronald jimmy cyrus kenneth averell elizabeth margaret',
    reason:
      'English given names that are rarely surnames (Martin, Douglas, Foster are left out: a surname-first reading would misread them)',
  },
  {
    value:
      'fidel raul ernesto carlos juan jose osvaldo blas manuel antonio rafael armando salvador pablo luis jorge francisco pedro',
    reason: 'Spanish given names (Cuban and Latin American correspondents)',
  },
];

/**
 * Given-name abbreviations of more than one letter that stand for an
 * initial when written with a full stop (`Iu. V. Andropov`, `Gy. Marosán`,
 * `Wm. Harriman`). The key keeps their first letter after the folds
 * (`Iu.` and `Yu.` both `i`, as Yuri folds to iuri).
 */
export const MULTI_LETTER_INITIALS: readonly Explained<string>[] = [
  {
    value: 'yu iu ya ia ye yo zh kh ch sh shch ts',
    reason:
      'one Cyrillic letter (Ю, Я, Е, Ё, Ж, Х, Ч, Ш, Щ, Ц) written with two or more Latin ones',
  },
  {
    value: 'gy sz zs cs ny ty ly cz rz',
    reason:
      'one Hungarian or Polish letter written with two (Gy. = György, Sz., Cz.)',
  },
  {
    value: 'wm geo jas chas thos chr th',
    reason:
      'English and German abbreviations of given names (William, George, James, Charles, Thomas, Christian, Theodor)',
  },
];

/**
 * Endings of Russian patronymics. A three-word name ending in one, after a
 * word that is not one, is written surname first (`Stalin Iosif
 * Vissarionovich`, the order of Soviet official lists).
 */
export const PATRONYMIC_ENDINGS: readonly string[] = [
  'ovich',
  'evich',
  'ich',
  'ovna',
  'evna',
  'ichna',
  'inichna',
];

/**
 * Words that never occur in a person's name in the archive's English: a
 * name holding one (`Central Committee of the CPSU`, `Embassy in Korea`)
 * names a body and keeps its word order in the key.
 */
export const NON_PERSON_WORDS: readonly string[] = [
  'of',
  'the',
  'in',
  'for',
  'and',
  'to',
  'at',
  'on',
];

/**
 * A name of more words than this (initials not counted) is not read for a
 * surname: it keeps its word order (organisations, phrases).
 */
export const MAX_PERSON_WORDS = 4;

/**
 * Chinese surnames in Pinyin, most frequent first (see the module doc), then
 * the compound surnames. A name whose first word is one of these (or its
 * Wade–Giles spelling, derived from WADE_GILES_TO_PINYIN) is read surname
 * first. The order decides how a Wade–Giles surname printed without its
 * apostrophe reads (`Chang` = zhang before chang).
 */
export const CHINESE_SURNAMES: readonly string[] = [
  // the hundred most frequent
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he',
  'lin gao luo zheng liang xie song tang han deng feng cao peng zeng xiao',
  'tian dong pan yuan cai jiang yu du ye cheng wei su lü ding ren lu yao',
  'shen zhong cui tan fan liao shi jin jia xia fu fang zou xiong bai meng',
  'qin qiu hou yin xue yan duan lei long tao mao hao gu gong shao wan qian',
  'dai mo kong xiang chang',
  // the next most frequent
  'kang yi qiao lai wen hong xin niu zhuang mu geng bi lan ni zhan qu ge',
  'zuo ji guan ou rao xing ruan ai yue chai zhai bao nie lou tong zhuo mei',
  'sheng tu ke jiao lian bo rong teng ling ning huo che pu mi sang qi hua',
  'dou gan pang bian miao shang fei zang jing shu ban xi an',
  // compound surnames
  'ouyang sima zhuge shangguan situ dongfang huangfu xiahou linghu murong',
  'gongsun zhangsun yuwen duanmu',
]
  .join(' ')
  .split(' ');

/**
 * Korean surnames: each group is one surname in its spellings (DPRK, McCune–
 * Reischauer without breves, Revised Romanization, common English forms);
 * the first is the key's form (the DPRK/MR form the archive's papers use,
 * `oh` and `woo` rather than one-letter `o` and `u`, which would read as
 * initials). A name judged Korean gets the group's first form as surname.
 */
export const KOREAN_SURNAMES: readonly Explained<string>[] = [
  { value: 'kim gim', reason: '김' },
  { value: 'ri lee yi rhee rhie ree rie', reason: '이/리 (Ri in the DPRK)' },
  { value: 'pak park bak bahk', reason: '박' },
  { value: 'choe choi chwe choy', reason: '최' },
  { value: 'chong jeong jung chung cheong', reason: '정' },
  { value: 'kang gang', reason: '강' },
  { value: 'cho jo joe', reason: '조' },
  { value: 'yun yoon', reason: '윤' },
  { value: 'chang jang', reason: '장' },
  { value: 'rim lim im', reason: '임/림' },
  { value: 'han', reason: '한' },
  { value: 'oh o', reason: '오' },
  { value: 'so seo suh', reason: '서' },
  { value: 'sin shin shinn', reason: '신' },
  { value: 'kwon gwon', reason: '권' },
  { value: 'hwang', reason: '황' },
  { value: 'an ahn', reason: '안' },
  { value: 'song', reason: '송' },
  { value: 'ryu lyu rhyu yoo', reason: '류/유 (柳)' },
  { value: 'chon jeon chun jun', reason: '전' },
  { value: 'hong', reason: '홍' },
  { value: 'ko go koh', reason: '고' },
  { value: 'mun moon', reason: '문' },
  { value: 'yang ryang', reason: '양/량' },
  { value: 'son sohn', reason: '손' },
  { value: 'pae bae', reason: '배' },
  { value: 'paek baek paik baik', reason: '백' },
  { value: 'ho heo hur huh', reason: '허' },
  { value: 'nam', reason: '남' },
  { value: 'sim shim', reason: '심' },
  { value: 'ro roh no noh', reason: '노/로' },
  { value: 'ha', reason: '하' },
  { value: 'kwak gwak', reason: '곽' },
  { value: 'cha', reason: '차' },
  { value: 'chu ju joo', reason: '주' },
  { value: 'woo u', reason: '우' },
  { value: 'ku koo gu', reason: '구' },
  { value: 'min', reason: '민' },
  { value: 'chin jin', reason: '진' },
  { value: 'chi ji', reason: '지' },
  { value: 'om eom um', reason: '엄' },
  { value: 'chae', reason: '채' },
  { value: 'won', reason: '원' },
  { value: 'pang bang', reason: '방' },
  { value: 'kong gong', reason: '공' },
  { value: 'hyon hyun hyeon', reason: '현' },
  { value: 'ham', reason: '함' },
  { value: 'pyon byun byeon', reason: '변' },
  { value: 'yom yeom', reason: '염' },
  { value: 'yo yeo', reason: '여' },
  { value: 'sok seok suk', reason: '석' },
  { value: 'sol seol', reason: '설' },
  { value: 'ma', reason: '마' },
  { value: 'kil gil', reason: '길' },
  { value: 'yon yeon', reason: '연' },
  { value: 'wi', reason: '위' },
  { value: 'pyo', reason: '표' },
  { value: 'myong myung myeong', reason: '명' },
  { value: 'ki gi', reason: '기' },
  { value: 'pan ban', reason: '반' },
  { value: 'ra na', reason: '나/라' },
  { value: 'wang', reason: '왕' },
  { value: 'kum keum', reason: '금' },
  { value: 'ok', reason: '옥' },
  { value: 'yuk yook', reason: '육' },
  { value: 'in', reason: '인' },
  { value: 'maeng', reason: '맹' },
  { value: 'che je', reason: '제' },
  { value: 'mo', reason: '모' },
  { value: 'tak', reason: '탁' },
  { value: 'kuk guk', reason: '국' },
  { value: 'tae tai', reason: '태' },
  { value: 'chegal jegal', reason: '제갈 (compound)' },
  { value: 'namgung namkung', reason: '남궁 (compound)' },
  { value: 'hwangbo', reason: '황보 (compound)' },
  { value: 'sonu seonu', reason: '선우 (compound)' },
  { value: 'tokko dokgo', reason: '독고 (compound)' },
];

/** Vietnamese family names, tone marks and đ dropped (Nguyễn → nguyen). */
export const VIETNAMESE_SURNAMES: readonly string[] = [
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly',
  'truong dinh lam trinh mai luong ha cao ta dao vuong lai kieu chu thai',
  'mac tong doan quach lu luu hua ton phung chau khuc au dam giap la lac',
  'ong thach tieu trieu',
]
  .join(' ')
  .split(' ');

/**
 * The parts of a romanized Korean syllable: onset, vowel, coda, in the
 * spellings of the three systems (RR `eo`, `eu`; MR `ŏ`, `ŭ` without
 * breves, so `o`, `u`, and its aspirates `k'`, `t'`, `p'`, `ch'`; DPRK
 * aspirates `kh`, `th`, `ph`; common `oo`, `ee`, `sh`). No syllable opens
 * with `l` (ㄹ opening a syllable is `r`), so `lung` is not Korean. A
 * given-name part made of one to three of these is Korean-shaped.
 */
export const KOREAN_SYLLABLE = {
  onsets:
    "kk gg tt pp ss jj tch ch' ch kh th ph sh k' t' p' g k n d t r m b p s j h",
  vowels: 'yae yeo wae ae ya eo ye wa oe yo wo we wi yu eu ui oo ee a e o u i',
  codas: 'ng k g n d t l r m b p',
} as const;

/**
 * The parts of a Vietnamese syllable without tone marks: onset, vowel
 * cluster (one to three of a e i o u y), coda. Vietnamese names are written
 * one syllable a word (Lê Đức Thọ).
 */
export const VIETNAMESE_SYLLABLE = {
  onsets: 'ngh ng nh ch gh gi kh ph qu th tr b c d g h k l m n p r s t v x',
  codas: 'ng nh ch c m n p t',
} as const;
