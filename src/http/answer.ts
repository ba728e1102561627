import type { Dispatcher } from "undici";

type AnswerHeaders = Record<string, string | string[] | undefined>;

/** A whole upstream answer: its status, headers and body as text. */
export interface Answer {
  status: number;
  headers: AnswerHeaders;
  text: string;
}

/**
 * An undici dispatch handler that reads one answer whole, as text, up to a byte cap: what the
 * HTTP core needs of every call, without the response stream, async resource and abort
 * listener that `Dispatcher.request` makes per call. Abort it with {@link abort}; before undici
 * has started the call the reason is kept and the call aborted when it starts.
 */
export class AnswerReader implements Dispatcher.DispatchHandler {
  readonly answer: Promise<Answer>;
  private resolve!: (answer: Answer) => void;
  private reject!: (error: Error) => void;
  private controller: Dispatcher.DispatchController | undefined;
  private abortedWith: Error | undefined;
  private status = 0;
  private headers: AnswerHeaders = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  /** `tooLarge` makes the error a body over `maxBytes` fails with (its socket is dropped). */
  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => Error,
  ) {
    this.answer = new Promise<Answer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Status known: undici has the answer's headers. */
  get answered(): number | undefined {
    return this.status || undefined;
  }

  abort(reason: Error): void {
    if (this.controller) this.controller.abort(reason);
    else this.abortedWith ??= reason;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortedWith) controller.abort(this.abortedWith);
  }

  onResponseStart(controller: Dispatcher.DispatchController, status: number, headers: AnswerHeaders): void {
    // 1xx answers are interim: the final one follows.
    if (status < 200) return;
    this.status = status;
    this.headers = headers;
    // undici holds a declared length to its word, so a body that declares too much is refused before it is read.
    if (Number(headers["content-length"]) > this.maxBytes) controller.abort(this.tooLarge());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) controller.abort(this.tooLarge());
    else this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    // Let go of the chunks and of undici's controller, which holds the answer's raw header buffers: what
    // holds this reader a while longer (the budget until the call is released, undici's request) need not
    // hold them too. Under Q2's load that kept about 20 KB per operation from outliving young collections.
    this.chunks.length = 0;
    this.controller = undefined;
    this.resolve({ status: this.status, headers: this.headers, text: body.toString("utf8") });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}
