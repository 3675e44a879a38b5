import type { MultipartFile } from '@fastify/multipart';

/** The API's limit for an advice attachment (10 MB): the web reads no more than this of an upload. */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** An uploaded file as the controllers get it on the body. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
  /** The file was larger than UPLOAD_LIMIT_BYTES. */
  truncated: boolean;
}

/** The file a form posted under `field`, or nothing when the field holds no file (an empty file input sends a part with
 * no name and no bytes). */
export function uploadedFile(value: unknown): UploadedFile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const upload = value as UploadedFile;
  if (!Buffer.isBuffer(upload.bytes) || typeof upload.fileName !== 'string') return undefined;
  return upload.fileName || upload.bytes.length ? upload : undefined;
}

export async function readUpload(part: MultipartFile): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  const value: UploadedFile = { fileName: part.filename, bytes: Buffer.concat(chunks), truncated: part.file.truncated };
  Object.assign(part, { value });
}
