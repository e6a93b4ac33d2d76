// The CONFIG object the builder wrote into a served worker (`sw.js`), which is minified:
// the JSON literal that starts with its first field, `{"version":`, read to its matching
// brace; and that of the worker controlling a page. Shared by the journeys and the bench;
// imports nothing.
export function workerConfig(script) {
  const start = script.indexOf('{"version":');
  if (start < 0) throw new Error('the worker has no CONFIG');
  let depth = 0;
  let inString = false;
  for (let i = start; i < script.length; i += 1) {
    const c = script[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth += 1;
    else if ((c === '}' || c === ']') && --depth === 0) return JSON.parse(script.slice(start, i + 1));
  }
  throw new Error('the worker CONFIG does not end');
}

/** The CONFIG of the worker that controls `page` (a Playwright page), fetched in the page. */
export async function controllerConfig(page) {
  const script = await page.evaluate(async () => (await fetch(navigator.serviceWorker.controller.scriptURL)).text());
  return workerConfig(script);
}
