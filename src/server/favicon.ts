/**
 * The explorer's icon, drawn here rather than shipped as a binary: three linked nodes (a tiny
 * graph) on a round dark-blue ground, as a 32x32 Windows icon (ICO holding one 32-bit BMP),
 * which every browser takes at /favicon.ico.
 */

const SIZE = 32;

type Rgba = [number, number, number, number];

const GROUND: Rgba = [30, 58, 138, 255];
const EDGE: Rgba = [191, 219, 254, 255];
const NODES: { x: number; y: number; colour: Rgba }[] = [
  { x: 9, y: 10, colour: [251, 191, 36, 255] },
  { x: 23, y: 12, colour: [52, 211, 153, 255] },
  { x: 15, y: 23, colour: [248, 113, 113, 255] },
];

/** Distance from point p to the segment a-b. */
function toSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The colour of pixel (x, y), top row first. */
export function faviconPixel(x: number, y: number): Rgba {
  const cx = x + 0.5;
  const cy = y + 0.5;
  if (Math.hypot(cx - SIZE / 2, cy - SIZE / 2) > SIZE / 2) return [0, 0, 0, 0];
  for (const node of NODES) if (Math.hypot(cx - node.x, cy - node.y) <= 4) return node.colour;
  for (let i = 0; i < NODES.length; i += 1) {
    const a = NODES[i];
    const b = NODES[(i + 1) % NODES.length];
    if (toSegment(cx, cy, a.x, a.y, b.x, b.y) <= 1.1) return EDGE;
  }
  return GROUND;
}

let cached: Buffer | undefined;

/** The icon file: ICONDIR, one ICONDIRENTRY, then a BMP (BITMAPINFOHEADER, BGRA rows bottom-up, AND mask). */
export function faviconIco(): Buffer {
  if (cached) return cached;
  const pixels = SIZE * SIZE * 4;
  const maskRow = Math.ceil(SIZE / 32) * 4;
  const bmpSize = 40 + pixels + maskRow * SIZE;
  const ico = Buffer.alloc(6 + 16 + bmpSize);
  ico.writeUInt16LE(0, 0); // reserved
  ico.writeUInt16LE(1, 2); // type: icon
  ico.writeUInt16LE(1, 4); // one image
  ico.writeUInt8(SIZE, 6);
  ico.writeUInt8(SIZE, 7);
  ico.writeUInt8(0, 8); // no palette
  ico.writeUInt16LE(1, 10); // colour planes
  ico.writeUInt16LE(32, 12); // bits per pixel
  ico.writeUInt32LE(bmpSize, 14);
  ico.writeUInt32LE(22, 18); // where the BMP starts
  const bmp = 22;
  ico.writeUInt32LE(40, bmp); // BITMAPINFOHEADER size
  ico.writeInt32LE(SIZE, bmp + 4);
  ico.writeInt32LE(SIZE * 2, bmp + 8); // height counts the AND mask too
  ico.writeUInt16LE(1, bmp + 12);
  ico.writeUInt16LE(32, bmp + 14);
  ico.writeUInt32LE(pixels + maskRow * SIZE, bmp + 20);
  for (let row = 0; row < SIZE; row += 1) {
    const y = SIZE - 1 - row; // BMP rows go bottom-up
    for (let x = 0; x < SIZE; x += 1) {
      const [r, g, b, a] = faviconPixel(x, y);
      const at = bmp + 40 + (row * SIZE + x) * 4;
      ico.writeUInt8(b, at);
      ico.writeUInt8(g, at + 1);
      ico.writeUInt8(r, at + 2);
      ico.writeUInt8(a, at + 3);
    }
  }
  // The AND mask stays zero: transparency comes from the alpha channel.
  cached = ico;
  return ico;
}
