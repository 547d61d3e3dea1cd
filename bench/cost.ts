/**
 * What ingesting a million pages costs on AWS: one pure function from the
 * per-page figures `npm run bench` measures and a dated list-price table,
 * used by the bench's JSON (`cost_per_million_text_usd`) and by the tables
 * it writes into docs/COST.md, so the two cannot drift.
 *
 * Every line is `pages × measured quantity × price`. Free tiers are left
 * out (they matter only for small volumes), and so are costs that do not
 * grow with pages (idle SQS polling, CloudWatch alarms, log storage).
 */

/**
 * us-east-1 list prices (on-demand, no free tier), as published on the
 * AWS pricing pages for Lambda, DynamoDB, S3 and SQS. Dated: check them
 * before relying on the totals.
 */
export const PRICES = {
  asOf: '2025-06',
  region: 'us-east-1',
  lambda: {
    /** Per GB-second of duration, by architecture (first pricing tier). */
    gbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 },
    perMillionRequests: 0.2,
  },
  dynamodb: {
    /** On-demand, Standard table class (GSI writes priced the same). */
    perMillionWriteUnits: 0.625,
    perMillionReadUnits: 0.125,
    gbMonth: 0.25,
  },
  s3: {
    /** S3 Standard: PUT, COPY, POST, LIST requests. */
    perThousandPut: 0.005,
    /** S3 Standard: GET, SELECT and all other requests. */
    perThousandGet: 0.0004,
    gbMonth: 0.023,
  },
  sqs: {
    /** Standard queue, per request (each 64 KB chunk of a payload). */
    perMillionRequests: 0.4,
  },
} as const;

export type Prices = typeof PRICES;
export type Architecture = keyof Prices['lambda']['gbSecond'];

/** One Lambda function's share of a page. */
export interface LambdaStage {
  /** Function name, for the table. */
  name: string;
  /** Billed duration per page (batch duration / pages in the batch), ms. */
  msPerPage: number;
  memoryGb: number;
  architecture: Architecture;
  /** Invocations per page (1 / pages per batch). */
  invocationsPerPage: number;
}

/** Measured per-page quantities of one kind of page. */
export interface PageCostInput {
  /** What the figures were measured on (shown with the table). */
  pages: string;
  /** S3 PUTs the pipeline makes per page (derived text). */
  s3Puts: number;
  /** The user's upload: PUTs per page (1: the page itself). */
  uploadPuts: number;
  /** S3 GETs (and HEADs) per page. */
  s3Gets: number;
  /** DynamoDB write units per page, table and GSIs. */
  writeUnits: number;
  /** DynamoDB read units per page. */
  readUnits: number;
  /** SQS requests per page (sends, receives and deletes). */
  sqsRequests: number;
  lambda: LambdaStage[];
  /** Bytes kept per page: DynamoDB items, S3 objects (raw + derived). */
  storage: { dynamoBytes: number; s3Bytes: number };
}

export interface CostLine {
  part: string;
  /** The arithmetic, for the table. */
  computation: string;
  /** US dollars per million pages. */
  usd: number;
}

export interface CostBreakdown {
  /** One-time cost lines of ingesting a million pages. */
  lines: CostLine[];
  /** Sum of `lines`, US dollars per million pages. */
  total: number;
  /** Storage of what a million pages leave behind, per month. */
  storage: CostLine;
}

const MILLION = 1e6;
const GB = 1e9;

/**
 * The cost of ingesting one million pages with the figures of `input`.
 *
 * @example
 * costPerMillion({ ...figures, uploadPuts: 1 }).total // US dollars
 */
export function costPerMillion(
  input: PageCostInput,
  prices: Prices = PRICES
): CostBreakdown {
  const n = MILLION;
  const f = (x: number) => fmt(x);
  const lines: CostLine[] = [];
  for (const stage of input.lambda) {
    const rate = prices.lambda.gbSecond[stage.architecture];
    lines.push({
      part: `Lambda duration (${stage.name}, ${stage.architecture})`,
      computation: `1e6 × ${f(stage.msPerPage / 1000)} s × ${f(stage.memoryGb)} GB × ${rate}`,
      usd: n * (stage.msPerPage / 1000) * stage.memoryGb * rate,
    });
    lines.push({
      part: `Lambda requests (${stage.name})`,
      computation: `1e6 × ${f(stage.invocationsPerPage)} × ${prices.lambda.perMillionRequests} / 1e6`,
      usd:
        n *
        stage.invocationsPerPage *
        (prices.lambda.perMillionRequests / MILLION),
    });
  }
  lines.push(
    {
      part: 'DynamoDB writes',
      computation: `1e6 × ${f(input.writeUnits)} WRU × ${prices.dynamodb.perMillionWriteUnits} / 1e6`,
      usd:
        n * input.writeUnits * (prices.dynamodb.perMillionWriteUnits / MILLION),
    },
    {
      part: 'DynamoDB reads',
      computation: `1e6 × ${f(input.readUnits)} RRU × ${prices.dynamodb.perMillionReadUnits} / 1e6`,
      usd:
        n * input.readUnits * (prices.dynamodb.perMillionReadUnits / MILLION),
    },
    {
      part: "S3 PUT: the user's upload",
      computation: `1e6 × ${f(input.uploadPuts)} × ${prices.s3.perThousandPut} / 1000`,
      usd: n * input.uploadPuts * (prices.s3.perThousandPut / 1000),
    },
    {
      part: 'S3 PUT: derived text',
      computation: `1e6 × ${f(input.s3Puts)} × ${prices.s3.perThousandPut} / 1000`,
      usd: n * input.s3Puts * (prices.s3.perThousandPut / 1000),
    },
    {
      part: 'S3 GET',
      computation: `1e6 × ${f(input.s3Gets)} × ${prices.s3.perThousandGet} / 1000`,
      usd: n * input.s3Gets * (prices.s3.perThousandGet / 1000),
    },
    {
      part: 'SQS',
      computation: `1e6 × ${f(input.sqsRequests)} × ${prices.sqs.perMillionRequests} / 1e6`,
      usd: n * input.sqsRequests * (prices.sqs.perMillionRequests / MILLION),
    }
  );
  const dynamoGb = (n * input.storage.dynamoBytes) / GB;
  const s3Gb = (n * input.storage.s3Bytes) / GB;
  return {
    lines,
    total: lines.reduce((s, l) => s + l.usd, 0),
    storage: {
      part: 'storage per month',
      computation: `${f(dynamoGb)} GB × ${prices.dynamodb.gbMonth} + ${f(s3Gb)} GB × ${prices.s3.gbMonth}`,
      usd: dynamoGb * prices.dynamodb.gbMonth + s3Gb * prices.s3.gbMonth,
    },
  };
}

/** The per-page figures e2e measures (bench/e2e.ts `CostFigures`). */
export interface MeasuredPage {
  requests: Record<string, number>;
  writeUnits: number;
  readUnits: number;
  itemBytes: number;
  rawBytes: number;
  derivedBytes: number;
  handlerMs: number;
}

/** How a function is deployed (infra/config.ts). */
export interface FunctionSizing {
  name: string;
  memoryMb: number;
  architecture: Architecture;
  /** SQS batch size of its event source. */
  batchSize: number;
}

/**
 * A text page's cost input from the bench's per-page figures and the text
 * function's deployment: S3 requests as counted, the user's upload PUT
 * added, SQS as 1 send (the bucket notification) plus a receive and a
 * delete per batch, invocations one per batch.
 */
export function textPageInput(
  measured: MeasuredPage,
  fn: FunctionSizing,
  pages: string
): PageCostInput {
  const r = (k: string) => measured.requests[k] ?? 0;
  return {
    pages,
    s3Puts: r('S3:PutObject') + r('S3:CopyObject'),
    uploadPuts: 1,
    s3Gets: r('S3:GetObject') + r('S3:HeadObject'),
    writeUnits: measured.writeUnits,
    readUnits: measured.readUnits,
    sqsRequests: 1 + 2 / fn.batchSize,
    lambda: [
      {
        name: fn.name,
        msPerPage: measured.handlerMs,
        memoryGb: fn.memoryMb / 1024,
        architecture: fn.architecture,
        invocationsPerPage: 1 / fn.batchSize,
      },
    ],
    storage: {
      dynamoBytes: measured.itemBytes,
      s3Bytes: measured.rawBytes + measured.derivedBytes,
    },
  };
}

/**
 * A scanned page's cost input. With a hand-off (`handOff`: separate text
 * and OCR functions), the text function reads the state and the object and
 * hands the page to the OCR queue (its share taken as a text page's
 * handler time, the larger of the two), and the OCR function reads the
 * state and the object again (one more SQS send, receive and delete per
 * batch). Either way the function that reads it spends the OCR bench's
 * median time per page plus a text page's handler time (the storage
 * work), and stores the record as a text page does (the same DynamoDB
 * units: the record has the same shape) with its text always a derived
 * copy (one PUT).
 */
export function scannedPageInput(
  text: PageCostInput,
  measured: { ocrMsPerPage: number; scanBytes: number; textBytes: number },
  ocr: FunctionSizing,
  pages: string,
  handOff = true
): PageCostInput {
  const textStage = text.lambda[0];
  const storageMs = textStage?.msPerPage ?? 0;
  const ocrStage: LambdaStage = {
    name: ocr.name,
    msPerPage: measured.ocrMsPerPage + storageMs,
    memoryGb: ocr.memoryMb / 1024,
    architecture: ocr.architecture,
    invocationsPerPage: 1 / ocr.batchSize,
  };
  return {
    pages,
    s3Puts: 1,
    uploadPuts: 1,
    s3Gets: text.s3Gets + (handOff ? 1 : 0),
    writeUnits: text.writeUnits,
    readUnits: text.readUnits * (handOff ? 2 : 1),
    sqsRequests: text.sqsRequests + (handOff ? 1 + 2 / ocr.batchSize : 0),
    lambda: handOff && textStage ? [textStage, ocrStage] : [ocrStage],
    storage: {
      dynamoBytes: text.storage.dynamoBytes,
      s3Bytes: measured.scanBytes + measured.textBytes,
    },
  };
}

/** A breakdown as a Markdown table, with its total and storage line. */
export function costTable(b: CostBreakdown): string {
  const rows = b.lines.map(
    (l) => `| ${l.part} | ${l.computation} | ${usd(l.usd)} |`
  );
  return [
    '| part | computation | per million pages |',
    '| --- | --- | --- |',
    ...rows,
    `| **one-time total** | | **${usd(b.total)}** |`,
    `| ${b.storage.part} | ${b.storage.computation} | ${usd(b.storage.usd)} / month |`,
  ].join('\n');
}

/** The measured inputs of a cost input, as a Markdown table. */
export function inputTable(
  columns: readonly { title: string; input: PageCostInput }[]
): string {
  const head = `| figure | ${columns.map((c) => c.title).join(' | ')} |`;
  const sep = `| --- | ${columns.map(() => '---').join(' | ')} |`;
  const row = (name: string, get: (i: PageCostInput) => string) =>
    `| ${name} | ${columns.map((c) => get(c.input)).join(' | ')} |`;
  const stages = (i: PageCostInput) =>
    i.lambda
      .map(
        (s) =>
          `${s.name}: ${fmt(s.msPerPage)} ms × ${fmt(s.memoryGb)} GB ${s.architecture}, ${fmt(s.invocationsPerPage)} invocations`
      )
      .join('; ');
  return [
    head,
    sep,
    row('DynamoDB write units (table + GSIs)', (i) => fmt(i.writeUnits)),
    row('DynamoDB read units', (i) => fmt(i.readUnits)),
    row("S3 PUT: the user's upload", (i) => fmt(i.uploadPuts)),
    row('S3 PUT: derived text', (i) => fmt(i.s3Puts)),
    row('S3 GET', (i) => fmt(i.s3Gets)),
    row('SQS requests', (i) => fmt(i.sqsRequests)),
    row('Lambda', stages),
    row('bytes kept: DynamoDB items', (i) => fmt(i.storage.dynamoBytes)),
    row('bytes kept: S3 objects', (i) => fmt(i.storage.s3Bytes)),
  ].join('\n');
}

/** The price table, dated, as Markdown. */
export function priceTable(prices: Prices = PRICES): string {
  return [
    `Prices: ${prices.region} list prices as of ${prices.asOf} (on-demand, no free tier; check the AWS pricing pages before relying on them).`,
    '',
    '| service | price |',
    '| --- | --- |',
    `| Lambda duration, arm64 / x86_64 | $${prices.lambda.gbSecond.arm64} / $${prices.lambda.gbSecond.x86_64} per GB-second |`,
    `| Lambda requests | $${prices.lambda.perMillionRequests} per million |`,
    `| DynamoDB on-demand writes | $${prices.dynamodb.perMillionWriteUnits} per million write request units |`,
    `| DynamoDB on-demand reads | $${prices.dynamodb.perMillionReadUnits} per million read request units |`,
    `| DynamoDB storage | $${prices.dynamodb.gbMonth} per GB-month |`,
    `| S3 Standard PUT, COPY, POST, LIST | $${prices.s3.perThousandPut} per 1,000 |`,
    `| S3 Standard GET | $${prices.s3.perThousandGet} per 1,000 |`,
    `| S3 Standard storage | $${prices.s3.gbMonth} per GB-month |`,
    `| SQS standard | $${prices.sqs.perMillionRequests} per million requests |`,
  ].join('\n');
}

const usd = (x: number) => `$${x.toFixed(2)}`;

/** Three significant digits, no exponent. */
function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return String(Number(x.toFixed(Math.min(digits, 10))));
}
