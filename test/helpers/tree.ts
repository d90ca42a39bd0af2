import * as fs from 'fs';
import * as path from 'path';

/**
 * A maker of fresh folders under `base`: each call writes the given files (relative names; a
 * content starting with '->' makes a symbolic link to the rest) into a new numbered folder.
 */
export function treeMaker(base: string): (files: Record<string, string>) => string {
  let count = 0;
  return (files) => {
    const root = path.join(base, `t${count++}`);
    fs.mkdirSync(root, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      const p = path.join(root, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      if (content.startsWith('->')) fs.symlinkSync(content.slice(2), p);
      else fs.writeFileSync(p, content);
    }
    return root;
  };
}
