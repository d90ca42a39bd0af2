/** Offset ⇄ line/character (UTF-16 code units, 0-based; the LSP default encoding). */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    // Without a carriage return every line ends at a line feed: found by the engine's native search
    // (a CLI run indexes every file it reports: 4.4 MB of policies, 12 → 3.5 ms warm, 17 → 7.5 ms cold).
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Clamps the offset into the text, so every position produced is inside the document. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // Between the \r and the \n of a CRLF is not a position in any editor: it is the end of the
    // line's content (as vscode-languageserver-textdocument maps it).
    const at = o > this.starts[lo] && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10 ? o - 1 : o;
    return { line: lo, character: at - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const nextStart = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    let lineEnd = nextStart;
    // exclude the line break
    while (lineEnd > start && (this.text.charCodeAt(lineEnd - 1) === 10 || this.text.charCodeAt(lineEnd - 1) === 13)) lineEnd--;
    return Math.min(start + Math.max(0, pos.character), lineEnd);
  }
}
