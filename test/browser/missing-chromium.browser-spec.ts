import { launchBrowser } from './support/browser';

/** Without Chromium the browser tests fail with the line that installs it, before any stack starts: never a skip. */
describe('a missing Chromium (browser)', () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  it('fails at once with the install line, before the next part of Promise.all is started', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    let stackStarted = false;
    const startStack = async () => {
      stackStarted = true;
    };
    await expect(async () => Promise.all([launchBrowser(), startStack()])).rejects.toThrow('Chromium is missing at /nonexistent/chromium; the browser tests need it. Install it with:\napt-get install -y chromium-headless-shell');
    expect(stackStarted).toBe(false);
  });
});
