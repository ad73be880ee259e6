/** A jobs folder that cannot be loaded, or jobs given as functions that are not; its message is one line saying what is expected. */
export class JobsFolderError extends Error {
  override name = 'JobsFolderError';
}
