// Expands `doclive check` arguments: files are taken as given, directories are walked (recursively, sorted) for
// image files by extension.

import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.bmp', '.gif', '.avif', '.heic', '.heif'] as const;

function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && isImageName(entry.name)) out.push(path);
  }
}

/** Paths to check, in argument order; a path that does not exist is kept so that its error is reported per file. */
export async function expandImagePaths(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    let isDirectory = false;
    try {
      isDirectory = (await stat(arg)).isDirectory();
    } catch {
      // reported when the file is read
    }
    if (isDirectory) await walk(arg, files);
    else files.push(arg);
  }
  return files;
}
