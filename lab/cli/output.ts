// Where the CLI writes: results to stdout, progress to stderr (so --json stays clean).
export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
export const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
