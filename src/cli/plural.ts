/** "1 warning", "2 warnings" ("1 TOC entry", "2 TOC entries" with the plural given). */
export function plural(n: number, word: string, words = word + 's'): string {
  return `${n} ${n === 1 ? word : words}`;
}
