// `after -h | head -1`: a reader that stops reading early is no error worth a stack trace.

/** Exit code of a process ended by SIGPIPE, as shells report it (128 + 13). */
const EXIT_CLOSED_PIPE = 141;

export function endQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(EXIT_CLOSED_PIPE);
      throw err;
    });
  }
}
