/**
 * Built-ins a library replaced while it loaded, put back. pdfjs-dist's legacy build (the one for
 * Node 20) carries core-js, which swaps native built-ins it finds wanting in some corner (on Node
 * 20: Array.prototype.push, for the error on a frozen length; JSON.parse and JSON.stringify, for
 * proposals pdf.js does not use) for JavaScript versions that are several times slower. Functions
 * the library only added (Promise.withResolvers, Map.prototype.getOrInsert …) stay: pdf.js needs
 * them.
 */

const OWNERS: Record<string, object> = {
  Array: Array,
  'Array.prototype': Array.prototype,
  Object: Object,
  'Object.prototype': Object.prototype,
  'Function.prototype': Function.prototype,
  JSON: JSON,
  Math: Math,
  Promise: Promise,
  'Promise.prototype': Promise.prototype,
  'String.prototype': String.prototype,
  'Map.prototype': Map.prototype,
  'Set.prototype': Set.prototype,
  'WeakMap.prototype': WeakMap.prototype,
  'TypedArray.prototype': Object.getPrototypeOf(Uint8Array.prototype) as object,
  'ArrayBuffer.prototype': ArrayBuffer.prototype,
  'RegExp.prototype': RegExp.prototype,
};

export interface NativeSnapshot {
  descriptors: Map<object, Map<PropertyKey, PropertyDescriptor>>;
}

/** The functions of the common built-ins, as they are now (before the library loads: the natives). */
export function snapshotNatives(): NativeSnapshot {
  const descriptors = new Map<object, Map<PropertyKey, PropertyDescriptor>>();
  for (const owner of Object.values(OWNERS)) {
    const own = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(owner)) {
      const d = Object.getOwnPropertyDescriptor(owner, key)!;
      if (typeof d.value === 'function') own.set(key, d);
    }
    descriptors.set(owner, own);
  }
  return { descriptors };
}

/**
 * Puts back each function of the snapshot that has been replaced, and names them. (Whether a
 * function is native cannot be told from its source: core-js makes its polyfills print as
 * `[native code]`.)
 */
export function restoreNatives(snapshot: NativeSnapshot): string[] {
  const restored: string[] = [];
  for (const [name, owner] of Object.entries(OWNERS)) {
    for (const [key, d] of snapshot.descriptors.get(owner) ?? []) {
      const now = Object.getOwnPropertyDescriptor(owner, key);
      if (now && now.value !== d.value) {
        Object.defineProperty(owner, key, d);
        restored.push(`${name}.${String(key)}`);
      }
    }
  }
  return restored;
}
