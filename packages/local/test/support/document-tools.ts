import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalStack } from '../../src/stack.ts';

/**
 * The Debian tools the document checks run (`.ci/run` installs them): xmllint (libxml2-utils) for XML and
 * XSD validation, pdftotext and pdfdetach (poppler-utils) to read PDFs the way a person's viewer would.
 */
const run = promisify(execFile);

const scratch = mkdtempSync(join(tmpdir(), 'csms-documents-'));
let counter = 0;

function scratchFile(name: string, content: string | Uint8Array): string {
  const file = join(scratch, `${counter++}-${name}`);
  writeFileSync(file, content);
  return file;
}

/** xmllint's verdict: well-formed, and valid against `schema` when given. Never fetches anything. */
export async function xmllint(xml: string, schema?: string): Promise<{ ok: boolean; output: string }> {
  const file = scratchFile('document.xml', xml);
  const args = ['--noout', '--nonet', ...(schema ? ['--schema', schema] : []), file];
  try {
    const { stderr } = await run('xmllint', args);
    return { ok: true, output: stderr };
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return { ok: false, output: stderr || message };
  }
}

export async function pdfText(pdf: Uint8Array): Promise<string> {
  const file = scratchFile('document.pdf', pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

export async function pdfAttachments(pdf: Uint8Array): Promise<string> {
  const file = scratchFile('document.pdf', pdf);
  const { stdout } = await run('pdfdetach', ['-list', file]);
  return stdout;
}

/**
 * The official OASIS UBL 2.1 schema set (`maindoc/` and `common/` of the `xsd` or `xsdrt` folder of
 * UBL-2.1.zip), from `UBL21_XSD_DIR`. No npm or Debian package ships it and the OASIS site is out of reach
 * here, so it is looked for rather than vendored; a partial or hand-written copy would prove nothing.
 */
export function ublSchemas(): { invoice: string; creditNote: string } | undefined {
  const dir = process.env.UBL21_XSD_DIR;
  if (!dir) return undefined;
  const invoice = join(dir, 'maindoc', 'UBL-Invoice-2.1.xsd');
  const creditNote = join(dir, 'maindoc', 'UBL-CreditNote-2.1.xsd');
  if (!existsSync(invoice) || !existsSync(creditNote)) {
    throw new Error(
      `UBL21_XSD_DIR=${dir} has no maindoc/UBL-Invoice-2.1.xsd and maindoc/UBL-CreditNote-2.1.xsd`,
    );
  }
  return { invoice, creditNote };
}

export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly bytes: Uint8Array;
  readonly text: string;
}

/** A GET whose answer is a file (XML, PDF, CSV, zip), kept as bytes. */
export async function download(stack: LocalStack, apiKey: string, path: string): Promise<RawResponse> {
  const response = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    bytes,
    text: new TextDecoder().decode(bytes),
  };
}
