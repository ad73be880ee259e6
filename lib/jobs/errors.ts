/** A jobs folder that cannot be loaded; its message is one line saying the path and what is expected. */
export class JobsFolderError extends Error {
  override name = 'JobsFolderError';
}
