/**
 * Chinese word segmentation with @node-rs/jieba and the dictionary its package ships (nothing is
 * downloaded). The native module and its dictionary (~200 ms) load on first use only.
 */
import { createRequire } from 'node:module';

interface Segmenter {
  cut(text: string, hmm?: boolean | null): string[];
}

let segmenter: Segmenter | undefined;

/** Words of `text` in order (jieba's precise mode, no HMM: unknown words fall apart into characters). */
export function cutWords(text: string): string[] {
  return load().cut(text, false);
}

function load(): Segmenter {
  if (segmenter) return segmenter;
  const require = createRequire(import.meta.url);
  let module: { Jieba: { withDict(dict: Uint8Array): Segmenter } };
  let dict: Uint8Array;
  try {
    module = require('@node-rs/jieba');
    dict = (require('@node-rs/jieba/dict.js') as { dict: Uint8Array }).dict;
  } catch (error) {
    throw new Error(
      '@node-rs/jieba is not installed or has no binary for this platform: run `npm ci` (it ships prebuilt binaries)',
      { cause: error },
    );
  }
  segmenter = module.Jieba.withDict(dict);
  return segmenter;
}
