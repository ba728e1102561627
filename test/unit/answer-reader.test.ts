import type { Dispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { AnswerReader } from "../../src/http/answer.js";
import { fullGc } from "../support/gc.js";

/** A stand-in for undici's controller: records what the reader asks of it. */
function controller() {
  const aborted: Error[] = [];
  return { aborted, controller: { abort: (reason: Error) => aborted.push(reason) } as unknown as Dispatcher.DispatchController };
}

const tooLarge = () => new Error("too large");

describe("AnswerReader (src/http/answer.ts)", () => {
  it("reads an answer in several chunks whole, as text, with its status and headers", async () => {
    const reader = new AnswerReader(100, tooLarge);
    const { controller: c, aborted } = controller();
    reader.onRequestStart(c);
    reader.onResponseStart(c, 100, {}); // an interim answer is skipped
    reader.onResponseStart(c, 200, { "content-type": "application/json" });
    for (const part of ['{"na', "me\":\"Nor", 'dlys"}']) reader.onResponseData(c, Buffer.from(part));
    reader.onResponseEnd();
    await expect(reader.answer).resolves.toEqual({ status: 200, headers: { "content-type": "application/json" }, text: '{"name":"Nordlys"}' });
    expect(aborted).toEqual([]);
    expect(reader.answered).toBe(200);
  });

  it("refuses an answer that declares more than the cap before reading it, and one that streams past it", () => {
    const declared = new AnswerReader(10, tooLarge);
    const first = controller();
    declared.onResponseStart(first.controller, 200, { "content-length": "11" });
    expect(first.aborted.map((e) => e.message)).toEqual(["too large"]);

    const streamed = new AnswerReader(10, tooLarge);
    const second = controller();
    streamed.onResponseStart(second.controller, 200, {});
    streamed.onResponseData(second.controller, Buffer.alloc(6));
    expect(second.aborted).toEqual([]);
    streamed.onResponseData(second.controller, Buffer.alloc(5));
    expect(second.aborted.map((e) => e.message)).toEqual(["too large"]);
  });

  it("keeps an abort that comes before undici starts the call, and aborts the call when it does", () => {
    const reader = new AnswerReader(100, tooLarge);
    const reason = new Error("given up");
    reader.abort(reason);
    const { controller: c, aborted } = controller();
    reader.onRequestStart(c);
    expect(aborted).toEqual([reason]);
  });

  it("rejects with undici's error", async () => {
    const reader = new AnswerReader(100, tooLarge);
    const { controller: c } = controller();
    const error = new Error("socket hang up");
    reader.onResponseError(c, error);
    await expect(reader.answer).rejects.toBe(error);
    expect(reader.answered).toBeUndefined();
  });

  it("lets go of undici's controller (it holds the raw header buffers) and of the body's chunks once the answer is read", async () => {
    const reader = new AnswerReader(100, tooLarge);
    // Made in a function of their own, so that nothing here holds them but the reader.
    const held = (() => {
      const { controller: c } = controller();
      const chunk = Buffer.from('{"a":1}');
      reader.onRequestStart(c);
      reader.onResponseStart(c, 200, {});
      reader.onResponseData(c, chunk);
      reader.onResponseEnd();
      return { controller: new WeakRef(c), chunk: new WeakRef(chunk) };
    })();
    await expect(reader.answer).resolves.toMatchObject({ text: '{"a":1}' });
    await new Promise((resolve) => setImmediate(resolve)); // WeakRefs hold their targets until the job ends
    fullGc();
    expect(held.controller.deref()).toBeUndefined();
    expect(held.chunk.deref()).toBeUndefined();
    expect(() => reader.abort(new Error("late"))).not.toThrow();
  });
});
