/** Where a command writes; tests and in-process benchmarks pass buffers instead of the process streams. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

let brokenPipeIgnored = false;

/**
 * A reader that stops early (`logstack check | head`) closes the pipe: the rest of the output has
 * nowhere to go, which is no error. The exit code stays the command's own.
 */
function ignoreBrokenPipe() {
  if (brokenPipeIgnored) return;
  brokenPipeIgnored = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

export const processOutput: Output = {
  out: (text) => {
    ignoreBrokenPipe();
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Collects everything written, for tests and benchmarks. */
export function bufferOutput(): Output & { stdout: string; stderr: string } {
  const b = {
    stdout: '',
    stderr: '',
    out(text: string) {
      b.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      b.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
  };
  return b;
}
