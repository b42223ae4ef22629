// Polling for what happens elsewhere: a background worker, another process, a browser.

/**
 * Reads until `done` accepts the value or `timeoutMs` passes, and returns the last value read
 * either way (the caller's expect says what was wrong).
 */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
