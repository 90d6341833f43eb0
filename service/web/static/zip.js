// Reading a batch ZIP in the browser: count the entries as they stream in (progress), and
// read manifest.json from the central directory once the ZIP is complete.

const LOCAL = [0x50, 0x4b, 0x03, 0x04];

// Counts local file headers across chunks (a header split over two chunks is still found).
export class EntryCounter {
  constructor() { this.count = 0; this.tail = new Uint8Array(0); }
  push(chunk) {
    const buf = new Uint8Array(this.tail.length + chunk.length);
    buf.set(this.tail); buf.set(chunk, this.tail.length);
    for (let i = 0; i + 3 < buf.length; i++) {
      if (buf[i] === LOCAL[0] && buf[i + 1] === LOCAL[1] && buf[i + 2] === LOCAL[2] && buf[i + 3] === LOCAL[3]) {
        this.count++; // the 3-byte tail cannot hold a whole header: each match is new
      }
    }
    this.tail = buf.slice(Math.max(0, buf.length - 3));
  }
}

async function inflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The parsed manifest.json of a complete ZIP, or null.
export async function readManifest(bytes, name = "manifest.json") {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < entries && p + 46 <= bytes.length; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) return null;
    const method = view.getUint16(p + 10, true);
    const size = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const offset = view.getUint32(p + 42, true);
    const entryName = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (entryName === name) {
      const lNameLen = view.getUint16(offset + 26, true);
      const lExtraLen = view.getUint16(offset + 28, true);
      const start = offset + 30 + lNameLen + lExtraLen;
      const data = bytes.subarray(start, start + size);
      const raw = method === 8 ? await inflateRaw(data) : method === 0 ? data : null;
      return raw ? JSON.parse(decoder.decode(raw)) : null;
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return null;
}
