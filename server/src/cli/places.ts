/** Where the CLI's files are: absolute path, the path as reported, file URI (worked out once per folder). */
import * as path from 'path';
import { pathToFileURL } from 'url';

/** The path as reported: relative to the working directory when inside it, else absolute; `/` separators. */
export function displayPath(cwd: string, file: string): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs).split(path.sep).join('/');
}

/** Where a file is: its absolute path, its path as reported, its file URI. */
export interface FilePlace {
  abs: string;
  display: string;
  uri: string;
}

/** A file name that path resolution, display and file URIs leave as it is (no dot first, nothing percent-encoded). */
const PLAIN_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * The places of a run's files, worked out once per folder: `path.resolve`/`path.relative` and
 * `pathToFileURL` cost more than the rest of a small file's handling outside the engine. A file
 * whose name is plain is its folder's place plus the name (the same strings as for the whole
 * path); any other (and a file without a folder) is worked out whole.
 */
export class FilePlaces {
  private readonly dirs = new Map<string, FilePlace>();
  constructor(private readonly cwd: string) {}

  of(file: string): FilePlace {
    const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf(path.sep));
    const name = file.slice(cut + 1);
    if (cut <= 0 || !PLAIN_NAME.test(name)) return this.whole(file);
    const dirPath = file.slice(0, cut);
    let dir = this.dirs.get(dirPath);
    if (!dir) this.dirs.set(dirPath, (dir = this.whole(dirPath)));
    // The folder shown as itself ('' for the working directory) or, outside it, absolute: the file follows it.
    const display = dir.display === '.' ? name : `${dir.display}/${name}`;
    return {
      abs: dir.abs.endsWith(path.sep) ? dir.abs + name : dir.abs + path.sep + name,
      display,
      uri: dir.uri.endsWith('/') ? dir.uri + name : `${dir.uri}/${name}`,
    };
  }

  private whole(file: string): FilePlace {
    const abs = path.resolve(this.cwd, file);
    const display = abs === path.resolve(this.cwd) ? '.' : displayPath(this.cwd, file);
    return { abs, display, uri: pathToFileURL(abs).href };
  }
}
