import { type PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';

/**
 * A small flowing layout over pdf-lib for text documents: lines top to bottom, columns by x position, a new
 * page when the current one is full. Standard fonts need no font files (nothing to bundle into a Lambda);
 * they encode WinAnsi only, so any other character is shown as '?' rather than failing the document.
 */
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

export interface Column {
  readonly text: string;
  /** Left edge, or right edge when `align` is right (numbers). */
  readonly x: number;
  readonly align?: 'left' | 'right';
  readonly bold?: boolean;
  readonly mono?: boolean;
}

export class PdfLayout {
  private page: PDFPage;
  private y: number;
  private readonly supported = new Set<number>();

  private constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont; mono: PDFFont },
    private readonly footer: string,
  ) {
    for (const code of fonts.regular.getCharacterSet()) this.supported.add(code);
    this.page = this.newPage();
    this.y = A4[1] - MARGIN;
  }

  static async create(pdf: PDFDocument, footer: string): Promise<PdfLayout> {
    const [regular, bold, mono] = await Promise.all([
      pdf.embedFont(StandardFonts.Helvetica),
      pdf.embedFont(StandardFonts.HelveticaBold),
      pdf.embedFont(StandardFonts.Courier),
    ]);
    return new PdfLayout(pdf, { regular, bold, mono }, footer);
  }

  /** Usable width between the margins. */
  readonly width = A4[0] - 2 * MARGIN;
  readonly left = MARGIN;
  readonly right = A4[0] - MARGIN;

  heading(text: string, size = 16): void {
    this.line([{ text, x: this.left, bold: true }], size, size * 0.6);
  }

  /** One line of columns at `size` points, then `after` points of extra space. */
  line(columns: readonly Column[], size = 9, after = 0): void {
    this.ensure(size * 1.4);
    for (const column of columns) {
      const font = column.mono ? this.fonts.mono : column.bold ? this.fonts.bold : this.fonts.regular;
      const text = this.printable(column.text);
      const width = font.widthOfTextAtSize(text, size);
      const x = column.align === 'right' ? column.x - width : column.x;
      this.page.drawText(text, { x, y: this.y - size, size, font });
    }
    this.y -= size * 1.4 + after;
  }

  /** Free text wrapped to the width (or at `maxChars` for monospace quotes). */
  paragraph(text: string, options: { size?: number; mono?: boolean; indent?: number } = {}): void {
    const size = options.size ?? 9;
    const x = this.left + (options.indent ?? 0);
    const font = options.mono ? this.fonts.mono : this.fonts.regular;
    for (const line of wrap(this.printable(text), (s) => font.widthOfTextAtSize(s, size), this.right - x)) {
      this.line([{ text: line, x, mono: options.mono ?? false }], size);
    }
  }

  gap(points = 8): void {
    this.y -= points;
  }

  rule(): void {
    this.ensure(6);
    this.page.drawLine({
      start: { x: this.left, y: this.y - 2 },
      end: { x: this.right, y: this.y - 2 },
      thickness: 0.5,
    });
    this.y -= 6;
  }

  /** Starts a new page unless `points` still fit on this one. */
  ensure(points: number): void {
    if (this.y - points >= MARGIN + 20) return;
    this.page = this.newPage();
    this.y = A4[1] - MARGIN;
  }

  private newPage(): PDFPage {
    const page = this.pdf.addPage(A4);
    const number = this.pdf.getPageCount();
    page.drawText(this.printable(`${this.footer} · page ${number}`), {
      x: MARGIN,
      y: MARGIN - 20,
      size: 7,
      font: this.fonts.regular,
    });
    return page;
  }

  private printable(text: string): string {
    let out = '';
    for (const char of text.replace(/[\r\n\t]+/g, ' ')) {
      out += this.supported.has(char.codePointAt(0) ?? 0) ? char : '?';
    }
    return out;
  }
}

/** Greedy word wrap; a word longer than the line (a signature, a hash) is cut wherever it must be. */
function wrap(text: string, widthOf: (s: string) => number, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  const push = () => {
    if (current) lines.push(current);
    current = '';
  };
  for (const word of text.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (widthOf(candidate) <= max) {
      current = candidate;
      continue;
    }
    push();
    let rest = word;
    while (widthOf(rest) > max) {
      let cut = rest.length;
      while (cut > 1 && widthOf(rest.slice(0, cut)) > max) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  push();
  return lines;
}
