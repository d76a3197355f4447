import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ExportStore } from '@csms/app/deps';

export type { ExportStore };

/**
 * Where finance exports are kept (N6): an S3 bucket on AWS (`EXPORTS_BUCKET`), a folder locally
 * (`EXPORTS_DIR`, set by the local runtime to `<CSMS_DATA_DIR>/exports`). The code that exports does not know
 * which, as with e-mail: it is configuration.
 */
class FolderExportStore implements ExportStore {
  constructor(private readonly dir: string) {}

  async put(key: string, body: Uint8Array): Promise<string> {
    const root = resolve(this.dir);
    const file = resolve(root, key);
    // Keys are built from tenant ids and dates, never from free text; still, nothing leaves the folder.
    if (!file.startsWith(root + sep)) throw new Error(`Export key escapes the exports folder: ${key}`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body);
    return file;
  }
}

/** Declared for AWS; the local runtime and the tests use the folder. */
class S3ExportStore implements ExportStore {
  private readonly client = new S3Client({});
  constructor(private readonly bucket: string) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<string> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ServerSideEncryption: 'AES256',
      }),
    );
    return `s3://${this.bucket}/${key}`;
  }
}

/** A folder when `dir` is set (local), else the S3 bucket; neither is an error named at the first export. */
export function createExportStore(settings: {
  dir: string | undefined;
  bucket: string | undefined;
}): ExportStore {
  if (settings.dir) return new FolderExportStore(settings.dir);
  if (settings.bucket) return new S3ExportStore(settings.bucket);
  return {
    put: async () => {
      throw new Error('Set EXPORTS_BUCKET (S3 bucket for finance exports) or EXPORTS_DIR (local folder)');
    },
  };
}
