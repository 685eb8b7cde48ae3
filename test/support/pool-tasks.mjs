/**
 * A worker task module for the pool tests: hoards memory, sleeps, or answers. Plain JavaScript,
 * so that a worker runs it at once, as it runs the compiled program's task modules.
 * @param {import('./pool-tasks.d.mts').PoolTestRequest} request
 */
export default async function poolTestTask(request) {
  if (request.kind === 'hoard') {
    const kept = [];
    for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => `item ${i} ${kept.length}`));
  }
  if (request.kind === 'sleep') {
    await new Promise((resolve) => setTimeout(resolve, request.ms));
    return 'slept';
  }
  return request.value;
}
