/** A line-per-event logger: ISO time, the source, the message. Goes to stdout (pm2 keeps it). */
export type Log = (line: string) => void;

export function createLog(source: string, write: (text: string) => void = (text) => process.stdout.write(text)): Log {
  return (line) => write(`${new Date().toISOString()} ${source} ${line}\n`);
}
