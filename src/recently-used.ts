/**
 * Keeps `value` under `key` as the most recently used entry of `map` (a Map iterates in insertion
 * order, so the first key is the least recently used) and forgets the least recently used entry
 * once there are more than `capacity`.
 */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > capacity) map.delete(map.keys().next().value!);
}
