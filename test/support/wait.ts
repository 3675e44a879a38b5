/** Polls until `check` is true, failing with `what` after `timeoutMs`: for work a real worker does in the background. */
export async function waitFor(check: () => Promise<boolean>, what = 'condition', timeoutMs = 20_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
