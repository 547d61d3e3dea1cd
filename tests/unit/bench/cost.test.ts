import { describe, expect, it } from 'vitest';
import {
  costPerMillion,
  costTable,
  type PageCostInput,
  PRICES,
  scannedPageInput,
  textPageInput,
} from '#bench/cost.ts';

/** Invented figures with round numbers, so the sums can be checked by hand. */
const INPUT: PageCostInput = {
  pages: 'invented',
  s3Puts: 1,
  uploadPuts: 1,
  s3Gets: 1,
  writeUnits: 10,
  readUnits: 1,
  sqsRequests: 2,
  lambda: [
    {
      name: 'text',
      msPerPage: 100,
      memoryGb: 1,
      architecture: 'arm64',
      invocationsPerPage: 0.1,
    },
  ],
  storage: { dynamoBytes: 1000, s3Bytes: 2000 },
};

const line = (b: ReturnType<typeof costPerMillion>, part: string) =>
  b.lines.find((l) => l.part.startsWith(part))?.usd;

describe('costPerMillion', () => {
  it('prices each measured quantity at its dated list price', () => {
    // Act
    const b = costPerMillion(INPUT);
    // Assess
    expect(line(b, 'Lambda duration')).toBeCloseTo(1e5 * 0.0000133334, 6);
    expect(line(b, 'Lambda requests')).toBeCloseTo(0.02, 6);
    expect(line(b, 'DynamoDB writes')).toBeCloseTo(6.25, 6);
    expect(line(b, 'DynamoDB reads')).toBeCloseTo(0.125, 6);
    expect(line(b, "S3 PUT: the user's upload")).toBeCloseTo(5, 6);
    expect(line(b, 'S3 PUT: derived')).toBeCloseTo(5, 6);
    expect(line(b, 'S3 GET')).toBeCloseTo(0.4, 6);
    expect(line(b, 'SQS')).toBeCloseTo(0.8, 6);
    expect(b.total).toBeCloseTo(
      b.lines.reduce((s, l) => s + l.usd, 0),
      9
    );
    // 1 GB of items, 2 GB of objects
    expect(b.storage.usd).toBeCloseTo(0.25 + 2 * 0.023, 6);
  });

  it('charges x86_64 more than arm64 for the same duration', () => {
    const x86 = costPerMillion({
      ...INPUT,
      lambda: INPUT.lambda.map((s) => ({
        ...s,
        architecture: 'x86_64' as const,
      })),
    });
    expect(line(x86, 'Lambda duration')).toBeCloseTo(1e5 * 0.0000166667, 6);
    expect(x86.total).toBeGreaterThan(costPerMillion(INPUT).total);
  });

  it('takes another price table', () => {
    const doubled = {
      ...PRICES,
      s3: { ...PRICES.s3, perThousandPut: 0.01 },
    } as unknown as typeof PRICES;
    expect(line(costPerMillion(INPUT, doubled), "S3 PUT: the user's")).toBe(10);
  });

  it('renders a table whose total is the sum', () => {
    const table = costTable(costPerMillion(INPUT));
    expect(table).toContain('| **one-time total** |');
    expect(table).toContain(`$${costPerMillion(INPUT).total.toFixed(2)}`);
    expect(table).toContain('/ month');
  });
});

describe('textPageInput', () => {
  it('adds the upload PUT and prices SQS and invocations per batch', () => {
    // Act
    const input = textPageInput(
      {
        requests: {
          'S3:PutObject': 0,
          'S3:GetObject': 1,
          'DynamoDB:GetItem': 1,
        },
        writeUnits: 5,
        readUnits: 1,
        itemBytes: 3000,
        rawBytes: 2000,
        derivedBytes: 0,
        handlerMs: 20,
      },
      { name: 'text', memoryMb: 512, architecture: 'arm64', batchSize: 10 },
      'invented'
    );
    // Assess
    expect(input.uploadPuts).toBe(1);
    expect(input.s3Puts).toBe(0);
    expect(input.s3Gets).toBe(1);
    expect(input.sqsRequests).toBeCloseTo(1.2, 9);
    expect(input.lambda).toEqual([
      {
        name: 'text',
        msPerPage: 20,
        memoryGb: 0.5,
        architecture: 'arm64',
        invocationsPerPage: 0.1,
      },
    ]);
    expect(input.storage).toEqual({ dynamoBytes: 3000, s3Bytes: 2000 });
  });
});

describe('scannedPageInput', () => {
  it('adds the OCR function, its re-read and its derived text', () => {
    // Act
    const scan = scannedPageInput(
      INPUT,
      { ocrMsPerPage: 1500, scanBytes: 50_000, textBytes: 2000 },
      { name: 'ocr', memoryMb: 2048, architecture: 'x86_64', batchSize: 2 },
      'invented'
    );
    const b = costPerMillion(scan);
    // Assess
    expect(scan.s3Puts).toBe(1);
    expect(scan.s3Gets).toBe(2);
    expect(scan.sqsRequests).toBeCloseTo(2 + 1 + 1, 9);
    expect(scan.lambda[1]?.msPerPage).toBe(1600);
    expect(line(b, 'Lambda duration (ocr')).toBeCloseTo(
      1e6 * 1.6 * 2 * 0.0000166667,
      6
    );
    expect(b.total).toBeGreaterThan(costPerMillion(INPUT).total);
  });

  it('has one function and no hand-off when OCR runs in the ingest function', () => {
    // Act
    const scan = scannedPageInput(
      INPUT,
      { ocrMsPerPage: 1500, scanBytes: 50_000, textBytes: 2000 },
      { name: 'ingest', memoryMb: 2048, architecture: 'x86_64', batchSize: 3 },
      'invented',
      false
    );
    // Assess
    expect(scan.lambda.map((s) => s.name)).toEqual(['ingest']);
    expect(scan.s3Gets).toBe(1);
    expect(scan.sqsRequests).toBe(2);
    expect(scan.readUnits).toBe(1);
  });
});
