// A progress bar on stderr while indexing a large folder; only in a terminal.
export class Progress {
  private count = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(private total: number, private readonly label: string, stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
    this.stream = stream;
  }

  private readonly stream: NodeJS.WriteStream;

  tick(): void {
    this.count++;
    const now = Date.now();
    if (!this.enabled || (now - this.lastDraw < 80 && this.count < this.total)) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((this.count / this.total) * width);
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.count}/${this.total}`);
  }

  /** Where a task that counts for itself has got to. */
  update(count: number, total: number): void {
    this.total = total;
    this.count = count - 1;
    this.tick();
  }

  done(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }
}
