/** A passage's vector as stored: float32, little-endian (a quarter of its text form, and read without parsing). */

export function vectorBytes(vector: readonly number[]): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => bytes.writeFloatLE(x, i * 4));
  return bytes;
}

export function vectorOf(bytes: Buffer): number[] {
  const vector = new Array<number>(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}
