import {
  Field,
  Float64,
  Int32,
  List,
  Message,
  MessageHeader,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Rows of plain values in and out of the Arrow IPC stream format (the `.arrows` files pyarrow's
 * `ipc.open_stream`, polars' `read_ipc_stream` and apache-arrow's `tableFromIPC` read), written one
 * message at a time so a file can grow by appending record batches.
 */

export type ArrowColumnKind = 'int32' | 'float64' | 'utf8' | 'float64List';

export interface ArrowColumn {
  readonly name: string;
  readonly kind: ArrowColumnKind;
  /** May hold null (float64 only); the other kinds never do. */
  readonly nullable?: boolean;
}

export type ArrowCell = number | string | null | readonly number[];
export type ArrowRow = Readonly<Record<string, ArrowCell>>;

/** The end-of-stream marker: a continuation token and a zero metadata length. */
export const ARROW_STREAM_END = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Bytes that are not (the start of) an Arrow IPC stream. */
export class NotAnArrowStream extends Error {
  override readonly name = 'NotAnArrowStream';
}

function arrowType(kind: ArrowColumnKind): DataType {
  switch (kind) {
    case 'int32':
      return new Int32();
    case 'float64':
      return new Float64();
    case 'utf8':
      return new Utf8();
    case 'float64List':
      return new List(new Field('item', new Float64(), false));
  }
}

function kindOf(type: DataType): ArrowColumnKind | undefined {
  const candidates: ArrowColumnKind[] = ['int32', 'float64', 'utf8', 'float64List'];
  return candidates.find((kind) => String(arrowType(kind)) === String(type));
}

function arrowSchema(columns: readonly ArrowColumn[], metadata: Readonly<Record<string, string>>): Schema {
  const fields = columns.map((column) => new Field(column.name, arrowType(column.kind), column.nullable === true));
  return new Schema(fields, new Map(Object.entries(metadata)));
}

interface MessageSpan {
  readonly headerType: MessageHeader;
  readonly start: number;
  readonly end: number;
  /** Rows of a record batch message (0 for any other). */
  readonly rows: number;
}

/** Where a stream's bytes are read from: a buffer, or a file read a piece at a time. */
interface ByteSource {
  readonly length: number;
  read(position: number, length: number): Uint8Array;
}

function bufferSource(bytes: Uint8Array): ByteSource {
  return { length: bytes.length, read: (position, length) => bytes.subarray(position, position + length) };
}

/** The file open at `fd` as it is now; reads past its end come back short. */
function fileSource(fd: number): ByteSource {
  return {
    length: fstatSync(fd).size,
    read(position, length) {
      const buffer = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const read = readSync(fd, buffer, done, length - done, position + done);
        if (read === 0) break;
        done += read;
      }
      return buffer.subarray(0, done);
    },
  };
}

/**
 * The complete messages at the start of the stream, stopping at the end-of-stream marker or at a message
 * cut off before its end (metadata or body). Each message is framed as 0xFFFFFFFF, an int32 metadata
 * length (padding included), the flatbuffer metadata, then `bodyLength` body bytes: only the frames and
 * metadata are read, never the bodies.
 */
function completeMessages(source: ByteSource): MessageSpan[] {
  const spans: MessageSpan[] = [];
  let at = 0;
  while (at + 8 <= source.length) {
    const frame = source.read(at, 8);
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    if (view.getInt32(0, true) !== -1) throw new NotAnArrowStream(`no message continuation marker at byte ${at}`);
    const metadataLength = view.getInt32(4, true);
    if (metadataLength === 0) break;
    if (metadataLength < 0) throw new NotAnArrowStream(`negative metadata length at byte ${at}`);
    const metadataEnd = at + 8 + metadataLength;
    if (metadataEnd > source.length) break;
    let message: Message;
    try {
      message = Message.decode(source.read(at + 8, metadataLength));
    } catch (error) {
      throw new NotAnArrowStream(`unreadable message metadata at byte ${at} (${(error as Error).message})`);
    }
    const end = metadataEnd + Number(message.bodyLength);
    if (end > source.length) break;
    const rows = message.headerType === MessageHeader.RecordBatch ? Number((message.header() as { length: number }).length) : 0;
    spans.push({ headerType: message.headerType, start: at, end, rows });
    at = end;
  }
  return spans;
}

/** The IPC messages of one table as a stream: its schema message and its record batch messages (no end marker). */
function encode(columns: readonly ArrowColumn[], metadata: Readonly<Record<string, string>>, rows: readonly ArrowRow[]): { schema: Uint8Array; batches: Uint8Array } {
  const schema = arrowSchema(columns, metadata);
  const children = schema.fields.map((field, index) => {
    const values = rows.map((row) => {
      const value = row[field.name];
      if (value === undefined || (value === null && !field.nullable)) throw new RangeError(`column ${field.name} needs a value in every row`);
      return columns[index].kind === 'float64List' ? Float64Array.from(value as readonly number[]) : value;
    });
    return vectorFromArray(values as never[], field.type).data[0];
  });
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }));
  const bytes = tableToIPC(new Table([batch]), 'stream');
  const spans = completeMessages(bufferSource(bytes));
  const schemaSpan = spans.find((span) => span.headerType === MessageHeader.Schema)!;
  const batchSpans = spans.filter((span) => span.headerType === MessageHeader.RecordBatch);
  if (spans.length !== 1 + batchSpans.length) throw new Error('an Arrow stream of plain columns had messages other than its schema and record batches');
  const batches = batchSpans.length === 0 ? new Uint8Array(0) : bytes.slice(batchSpans[0].start, batchSpans[batchSpans.length - 1].end);
  return { schema: bytes.slice(schemaSpan.start, schemaSpan.end), batches };
}

/** The schema message that starts a stream of these columns and metadata. */
export function encodeArrowStreamStart(columns: readonly ArrowColumn[], metadata: Readonly<Record<string, string>>): Uint8Array {
  return encode(columns, metadata, []).schema;
}

/** Record batch message(s) holding `rows`, to append to a stream started by `encodeArrowStreamStart` with the same columns. */
export function encodeArrowStreamRows(columns: readonly ArrowColumn[], metadata: Readonly<Record<string, string>>, rows: readonly ArrowRow[]): Uint8Array {
  if (rows.length === 0) throw new RangeError('a record batch needs at least one row');
  return encode(columns, metadata, rows).batches;
}

export interface DecodedArrowStream {
  readonly metadata: ReadonlyMap<string, string>;
  /** The schema's columns; `kind` undefined for a type this module does not write. */
  readonly columns: ReadonlyArray<{ readonly name: string; readonly kind: ArrowColumnKind | undefined; readonly nullable: boolean }>;
  /**
   * Every row of the complete record batches, made as it is iterated (each pass makes them again): a
   * results file of a million runs is read without a million rows alive at once.
   */
  readonly rows: Iterable<ArrowRow>;
  readonly numRows: number;
  /** Bytes up to the end of the last complete message: what is left after dropping a cut-off message and the end marker. */
  readonly completeLength: number;
}

function cell(value: unknown): ArrowCell {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (value && typeof (value as { toArray?: unknown }).toArray === 'function') return Array.from((value as { toArray(): ArrayLike<number> }).toArray());
  throw new NotAnArrowStream(`a cell of type ${typeof value} this module does not read`);
}

/**
 * The schema and rows of an Arrow IPC stream's complete messages, a last message cut off (by a kill
 * while it was written) left out. Undefined when not even the schema message is complete (an empty file).
 * NotAnArrowStream when the bytes are not an Arrow IPC stream.
 */
export function decodeArrowStream(bytes: Uint8Array): DecodedArrowStream | undefined {
  const source = bufferSource(bytes);
  return decodeFrom(source, BATCH_GROUP_BYTES, () => ({ source, close: () => undefined }));
}

/**
 * decodeArrowStream of the file at `path`, read a piece at a time: its message frames once, then its
 * record batches some megabytes at a time on each pass over the rows. A file may be larger than one
 * read can be (2 GiB in Node) and than the memory a whole copy would take (a million-run sweep's results
 * are ~1.9 GB). The rows are those of the messages complete when it was called.
 */
export function decodeArrowStreamFile(path: string, groupBytes: number = BATCH_GROUP_BYTES): DecodedArrowStream | undefined {
  const fd = openSync(path, 'r');
  try {
    return decodeFrom(fileSource(fd), groupBytes, () => {
      const again = openSync(path, 'r');
      return { source: fileSource(again), close: () => closeSync(again) };
    });
  } finally {
    closeSync(fd);
  }
}

/** Record batches decoded together on a pass over the rows: a few megabytes, not the whole stream. */
const BATCH_GROUP_BYTES = 16 * 2 ** 20;

function decodeFrom(source: ByteSource, groupBytes: number, reopen: () => { source: ByteSource; close(): void }): DecodedArrowStream | undefined {
  if (source.length < 8) {
    // A first write cut off within its continuation marker, or not a stream at all.
    if (source.read(0, 4).some((byte) => byte !== 0xff)) throw new NotAnArrowStream('too short to be an Arrow IPC stream');
    return undefined;
  }
  const spans = completeMessages(source);
  if (spans.length === 0) {
    const frame = source.read(0, 8);
    if (new DataView(frame.buffer, frame.byteOffset).getInt32(4, true) === 0) throw new NotAnArrowStream('an Arrow IPC stream with no schema');
    return undefined;
  }
  if (spans[0].headerType !== MessageHeader.Schema) throw new NotAnArrowStream(`starts with a ${MessageHeader[spans[0].headerType]} message, not a schema`);
  // Copied: a file source's buffer is its own, a buffer source's may change under a later pass.
  const schemaBytes = Uint8Array.from(source.read(0, spans[0].end));
  const schema = tableOf(schemaBytes).schema;
  const columns = schema.fields.map((field) => ({ name: field.name, kind: kindOf(field.type), nullable: field.nullable }));
  const batches = spans.filter((span) => span.headerType === MessageHeader.RecordBatch);
  const numRows = batches.reduce((sum, span) => sum + span.rows, 0);
  const rows: Iterable<ArrowRow> = {
    *[Symbol.iterator]() {
      const pass = reopen();
      try {
        for (let first = 0; first < batches.length; ) {
          let last = first;
          while (last + 1 < batches.length && batches[last + 1].end - batches[first].start <= groupBytes) last++;
          const start = batches[first].start;
          const table = tableOf(Buffer.concat([schemaBytes, pass.source.read(start, batches[last].end - start)]));
          const vectors = columns.map((column) => table.getChild(column.name)!);
          for (let index = 0; index < table.numRows; index++) {
            const row: Record<string, ArrowCell> = {};
            columns.forEach((column, at) => (row[column.name] = cell(vectors[at].get(index))));
            yield row;
          }
          first = last + 1;
        }
      } finally {
        pass.close();
      }
    },
  };
  return { metadata: schema.metadata, columns, rows, numRows, completeLength: spans[spans.length - 1].end };
}

function tableOf(bytes: Uint8Array): Table {
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw new NotAnArrowStream(`unreadable Arrow IPC stream (${(error as Error).message})`);
  }
}
