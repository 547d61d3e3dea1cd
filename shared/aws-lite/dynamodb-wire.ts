/**
 * DynamoDB's JSON 1.0 wire format for the lite clients: native values to
 * AttributeValues and back exactly as @aws-sdk/util-dynamodb converts them
 * (the document client's defaults: whole numbers beyond 2^53 refused on
 * the way in and read back as bigint, binary as Uint8Array, Sets as
 * SS/NS/BS), and which members of each operation's input and output hold
 * items, copied from @aws-sdk/lib-dynamodb's key nodes.
 */

export interface MarshallOptions {
  removeUndefinedValues?: boolean;
  convertEmptyValues?: boolean;
  convertClassInstanceToMap?: boolean;
  allowImpreciseNumbers?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
type Wire = any;

const isBinary = (data: unknown): data is ArrayBufferView | ArrayBuffer =>
  ArrayBuffer.isView(data) || data instanceof ArrayBuffer;

function base64(data: ArrayBufferView | ArrayBuffer): string {
  const bytes =
    data instanceof ArrayBuffer
      ? Buffer.from(data)
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return bytes.toString('base64');
}

/** Bytes of a base64 member, as a Uint8Array like the SDK's. */
export function fromBase64(text: string): Uint8Array {
  const b = Buffer.from(text, 'base64');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

const UNDEFINED =
  'Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.';

function numberAttr(n: number, o: MarshallOptions): string {
  if (!Number.isFinite(n)) {
    throw new Error(`Special numeric value ${n.toString()} is not allowed`);
  }
  if (!o.allowImpreciseNumbers) {
    if (n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER) {
      throw new Error(
        `Number ${n.toString()} is ${n > 0 ? 'greater than Number.MAX_SAFE_INTEGER' : 'lesser than Number.MIN_SAFE_INTEGER'}. Use NumberValue from @aws-sdk/lib-dynamodb.`
      );
    }
  }
  return n.toString();
}

function mapAttr(
  entries: Iterable<[string, unknown]>,
  o: MarshallOptions
): Wire {
  const map: Record<string, Wire> = {};
  for (const [key, value] of entries) {
    if (typeof value === 'function') continue;
    if (value === undefined && o.removeUndefinedValues) continue;
    map[key] = toAttr(value, o);
  }
  return { M: map };
}

/** One native value as an AttributeValue (util-dynamodb's convertToAttr). */
export function toAttr(data: unknown, o: MarshallOptions = {}): Wire {
  if (data === undefined) throw new Error(UNDEFINED);
  if (data === null) return { NULL: true };
  if (Array.isArray(data)) {
    return {
      L: data
        .filter(
          (i) =>
            typeof i !== 'function' &&
            !(o.removeUndefinedValues && i === undefined)
        )
        .map((i) => toAttr(i, o)),
    };
  }
  if (data instanceof Set) return setAttr(data, o);
  if (data instanceof Map) return mapAttr(data.entries(), o);
  const ctor = (data as { constructor?: { name?: string } }).constructor;
  if (
    typeof data === 'object' &&
    (ctor === undefined || ctor.name === 'Object')
  ) {
    return mapAttr(Object.entries(data as object), o);
  }
  if (isBinary(data)) {
    if (data.byteLength === 0 && o.convertEmptyValues) return { NULL: true };
    return { B: base64(data) };
  }
  if (typeof data === 'boolean') return { BOOL: data };
  if (typeof data === 'number') return { N: numberAttr(data, o) };
  if (typeof data === 'bigint') return { N: data.toString() };
  if (typeof data === 'string') {
    if (data.length === 0 && o.convertEmptyValues) return { NULL: true };
    return { S: data };
  }
  if (isNumberValue(data)) return { N: data.value };
  if (o.convertClassInstanceToMap && typeof data === 'object') {
    return mapAttr(Object.entries(data as object), o);
  }
  throw new Error(
    `Unsupported type passed: ${String(data)}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`
  );
}

const isNumberValue = (d: unknown): d is { value: string } =>
  (d as { constructor?: { name?: string } })?.constructor?.name ===
    'NumberValue' && typeof (d as { value?: unknown }).value === 'string';

function setAttr(set: Set<unknown>, o: MarshallOptions): Wire {
  const values = [...set].filter(
    (v) => !(o.removeUndefinedValues && v === undefined)
  );
  if (values.includes(undefined)) throw new Error(UNDEFINED);
  if (values.length === 0) {
    if (o.convertEmptyValues) return { NULL: true };
    throw new Error(
      'Pass a non-empty set, or options.convertEmptyValues=true.'
    );
  }
  const first = values[0];
  if (typeof first === 'number' || typeof first === 'bigint') {
    return {
      NS: values.map((v) =>
        typeof v === 'number' ? numberAttr(v, o) : String(v)
      ),
    };
  }
  if (isNumberValue(first)) {
    return { NS: values.map((v) => (v as { value: string }).value) };
  }
  if (typeof first === 'string') return { SS: values as string[] };
  if (isBinary(first)) {
    return { BS: values.map((v) => base64(v as ArrayBufferView)) };
  }
  throw new Error(
    'Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.'
  );
}

function toNumber(text: string): number | bigint {
  const n = Number(text);
  if (
    (n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER) &&
    Number.isFinite(n)
  ) {
    try {
      return BigInt(text);
    } catch {
      throw new Error(
        `${text} can't be converted to BigInt. Set options.wrapNumbers to get string value.`
      );
    }
  }
  return n;
}

/** One AttributeValue as a native value (util-dynamodb's convertToNative). */
export function fromAttr(data: Wire): unknown {
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    switch (key) {
      case 'NULL':
        return null;
      case 'BOOL':
        return Boolean(value);
      case 'N':
        return toNumber(value as string);
      case 'B':
        return fromBase64(value as string);
      case 'S':
        return value;
      case 'L':
        return (value as Wire[]).map(fromAttr);
      case 'M': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as object)) {
          out[k] = fromAttr(v);
        }
        return out;
      }
      case 'NS':
        return new Set((value as string[]).map(toNumber));
      case 'BS':
        return new Set((value as string[]).map(fromBase64));
      case 'SS':
        return new Set(value as string[]);
      default:
        throw new Error(`Unsupported type passed: ${key}`);
    }
  }
  throw new Error(`No value defined: ${JSON.stringify(data)}`);
}

// ---- which members hold items (lib-dynamodb's key nodes) ----------------

/** `null`: the node itself is a value; `{}`: every member is a value. */
type KeyNodes = null | { [member: string]: KeyNodes };
const SELF = null;
const ALL: KeyNodes = {};
const EACH = (nodes: KeyNodes): KeyNodes => ({ '*': nodes });
const CONDITIONS = EACH({ Value: SELF, AttributeValueList: ALL });

const NODES: Record<string, { input: KeyNodes; output: KeyNodes }> = {
  GetItem: { input: { Key: ALL }, output: { Item: ALL } },
  PutItem: {
    input: { Item: ALL, Expected: CONDITIONS, ExpressionAttributeValues: ALL },
    output: { Attributes: ALL },
  },
  UpdateItem: {
    input: {
      Key: ALL,
      AttributeUpdates: EACH({ Value: SELF }),
      Expected: CONDITIONS,
      ExpressionAttributeValues: ALL,
    },
    output: { Attributes: ALL },
  },
  DeleteItem: {
    input: { Key: ALL, Expected: CONDITIONS, ExpressionAttributeValues: ALL },
    output: { Attributes: ALL },
  },
  Query: {
    input: {
      KeyConditions: EACH({ AttributeValueList: ALL }),
      QueryFilter: EACH({ AttributeValueList: ALL }),
      ExclusiveStartKey: ALL,
      ExpressionAttributeValues: ALL,
    },
    output: { Items: EACH(ALL), LastEvaluatedKey: ALL },
  },
  Scan: {
    input: {
      ScanFilter: EACH({ AttributeValueList: ALL }),
      ExclusiveStartKey: ALL,
      ExpressionAttributeValues: ALL,
    },
    output: { Items: EACH(ALL), LastEvaluatedKey: ALL },
  },
  BatchGetItem: {
    input: { RequestItems: EACH({ Keys: EACH(ALL) }) },
    output: {
      Responses: EACH(EACH(ALL)),
      UnprocessedKeys: EACH({ Keys: EACH(ALL) }),
    },
  },
  BatchWriteItem: {
    input: {
      RequestItems: EACH(
        EACH({ PutRequest: { Item: ALL }, DeleteRequest: { Key: ALL } })
      ),
    },
    output: {
      UnprocessedItems: EACH(
        EACH({ PutRequest: { Item: ALL }, DeleteRequest: { Key: ALL } })
      ),
    },
  },
  TransactGetItems: {
    input: { TransactItems: EACH({ Get: { Key: ALL } }) },
    output: { Responses: EACH({ Item: ALL }) },
  },
  TransactWriteItems: {
    input: {
      TransactItems: EACH({
        ConditionCheck: { Key: ALL, ExpressionAttributeValues: ALL },
        Put: { Item: ALL, ExpressionAttributeValues: ALL },
        Delete: { Key: ALL, ExpressionAttributeValues: ALL },
        Update: { Key: ALL, ExpressionAttributeValues: ALL },
      }),
    },
    output: {},
  },
};

/** The document operations the lite document client translates. */
export const DOCUMENT_OPERATIONS = Object.keys(NODES);

function processObj(obj: Wire, f: (v: unknown) => Wire, nodes: KeyNodes): Wire {
  if (obj === undefined) return undefined;
  if (nodes === null) return f(obj);
  const keys = Object.keys(nodes);
  if (keys.length === 0) return processAll(obj, f);
  if (keys.length === 1 && keys[0] === '*') {
    const acc: Wire = Array.isArray(obj) ? [] : {};
    for (const [k, v] of Object.entries(obj ?? {})) {
      if (typeof v !== 'function') acc[k] = processObj(v, f, nodes['*']!);
    }
    return acc;
  }
  return processKeys(obj, f, nodes);
}

function processKeys(
  obj: Wire,
  f: (v: unknown) => Wire,
  nodes: { [member: string]: KeyNodes }
): Wire {
  const acc: Wire = Array.isArray(obj)
    ? obj.filter((i: unknown) => typeof i !== 'function')
    : Object.fromEntries(
        Object.entries(obj).filter(([, v]) => typeof v !== 'function')
      );
  for (const [key, child] of Object.entries(nodes)) {
    if (typeof obj[key] === 'function') continue;
    const value = processObj(obj[key], f, child);
    if (value !== undefined) acc[key] = value;
  }
  return acc;
}

function processAll(obj: Wire, f: (v: unknown) => Wire): Wire {
  if (Array.isArray(obj)) {
    return obj
      .filter((i) => typeof i !== 'function')
      .map((i) => processObj(i, f, SELF));
  }
  const acc: Wire = {};
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value === 'function') continue;
    const out = processObj(value, f, SELF);
    if (out !== undefined) acc[key] = out;
  }
  return acc;
}

function nodesOf(operation: string) {
  const nodes = NODES[operation];
  if (!nodes) {
    throw new Error(`aws-lite: the document client has no ${operation}`);
  }
  return nodes;
}

/** A document command's input in wire form (lib-dynamodb's marshallInput). */
export function marshallInput(
  operation: string,
  input: object,
  options: MarshallOptions
): Wire {
  return processKeys(
    input,
    (v) => toAttr(v, options),
    nodesOf(operation).input as { [member: string]: KeyNodes }
  );
}

/** A wire output with native items (lib-dynamodb's unmarshallOutput). */
export function unmarshallOutput(operation: string, output: Wire): Wire {
  return processKeys(
    output,
    fromAttr,
    nodesOf(operation).output as {
      [member: string]: KeyNodes;
    }
  );
}

/**
 * Binary members of a low-level (AttributeValue) request as base64, the
 * way the SDK's JSON serializer writes them.
 */
export function binaryToWire(value: Wire): Wire {
  if (isBinary(value)) return base64(value);
  if (Array.isArray(value)) return value.map(binaryToWire);
  if (value !== null && typeof value === 'object') {
    const out: Wire = {};
    for (const [k, v] of Object.entries(value)) out[k] = binaryToWire(v);
    return out;
  }
  return value;
}

/**
 * `B` / `BS` members of a low-level response as bytes, the way the SDK's
 * JSON deserializer reads them.
 */
export function binaryFromWire(value: Wire): Wire {
  if (Array.isArray(value)) return value.map(binaryFromWire);
  if (value !== null && typeof value === 'object') {
    const out: Wire = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'B' && typeof v === 'string') out[k] = fromBase64(v);
      else if (k === 'BS' && Array.isArray(v)) out[k] = v.map(fromBase64);
      else out[k] = binaryFromWire(v);
    }
    return out;
  }
  return value;
}
