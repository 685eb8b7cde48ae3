/** A worker task module for the pool tests: hoards memory, sleeps, or answers. */
export type PoolTestRequest = { readonly kind: 'hoard' } | { readonly kind: 'sleep'; readonly ms: number } | { readonly kind: 'echo'; readonly value: string };

export default async function poolTestTask(request: PoolTestRequest): Promise<string> {
  if (request.kind === 'hoard') {
    const kept: string[][] = [];
    for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => `item ${i} ${kept.length}`));
  }
  if (request.kind === 'sleep') {
    await new Promise((resolve) => setTimeout(resolve, request.ms));
    return 'slept';
  }
  return request.value;
}
