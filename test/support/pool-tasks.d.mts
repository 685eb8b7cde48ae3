export type PoolTestRequest = { readonly kind: 'hoard' } | { readonly kind: 'sleep'; readonly ms: number } | { readonly kind: 'echo'; readonly value: string };

export default function poolTestTask(request: PoolTestRequest): Promise<string>;
