// Failures of one file transfer that the save job handles differently from a plain AppError.
import { AppError } from '../errors.js';

/** The file host refused the link (403 S3 XML, or its expiry time has passed). */
export class LinkRejectedError extends Error {
  constructor(
    readonly status: number | null,
    /** The S3 `<Message>`, e.g. "Request has expired"; never written to disk. */
    readonly hostMessage: string,
  ) {
    super(hostMessage);
    this.name = 'LinkRejectedError';
  }
}

/** The bytes on disk cannot be trusted (size or MD5 mismatch, ETag changed): start the file again. */
export class RestartFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestartFileError';
  }
}

const DISK_CODES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'EFBIG',
]);

function errno(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isDiskError(err: unknown): boolean {
  const code = errno(err);
  return code !== undefined && DISK_CODES.has(code);
}

/** A file-system failure as a message a person can act on; nothing already saved is lost. */
export function diskError(err: unknown, folder: string): AppError {
  const code = errno(err) ?? 'EIO';
  let message: string;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      message = `The disk is full: there is no room left in ${folder}. Free some space and save again; the part already saved is kept and the save resumes where it stopped.`;
      break;
    case 'EROFS':
      message = `${folder} is on a read-only disk. Choose another folder to save into.`;
      break;
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST':
      message = `Cannot create the folder ${folder}: a file with that name is in the way. Choose another folder.`;
      break;
    default:
      message = `Permission denied: cannot write into ${folder}. Choose another folder or change its permissions.`;
  }
  return new AppError('disk', message, { errno: code, folder }, false);
}
