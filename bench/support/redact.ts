// The bench prints and stores its command line and failure messages: any URL in them loses
// its password first (`--couch http://admin:secret@host:5984` becomes `http://admin:***@host:5984`).

const URL_WITH_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi;

/** `text` with the password of every URL in it replaced by `***`. */
export function withoutPasswords(text: string): string {
  return text.replace(URL_WITH_PASSWORD, '$1:***@');
}

/** Command-line arguments with every URL's password replaced by `***`. */
export function redactedArgv(argv: readonly string[]): string[] {
  return argv.map(withoutPasswords);
}
