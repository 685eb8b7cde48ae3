/**
 * The place of `key` among the keys of `places`, numbered in the order they were first given:
 * a new key takes the next place. How terms, strings and ids become small numbers in the index files.
 */
export function placeOf<K>(places: Map<K, number>, key: K): number {
  let place = places.get(key);
  if (place === undefined) {
    place = places.size;
    places.set(key, place);
  }
  return place;
}
