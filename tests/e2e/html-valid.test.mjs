// Every page type's static HTML passes the W3C Nu Html Checker with no errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, fetchWithRetry, sectionWithPages, siteFacts, siteUrl } from './browser.mjs';
import { htmlErrors } from './vnu.mjs';

test('home, section, a numbered section page, tag, article, site map, month, author and 404 are valid HTML', async () => {
  const { summaries } = await siteFacts();
  const { section, olderPath } = await sectionWithPages();
  const { tags, months, people } = await api('sitemap.json');
  const withLanguage = [];
  for (const s of summaries) {
    const article = await api(`articles/${s.slug}.json`);
    if (article.language) withLanguage.push(s);
  }
  const paths = {
    home: '',
    section: `${section.slug}/`,
    'section-numbered-page': olderPath,
    tag: `tag/${tags[0].slug}/`,
    article: `${summaries[0].section}/${summaries[0].slug}/`,
    'article-last': `${summaries.at(-1).section}/${summaries.at(-1).slug}/`,
    ...(withLanguage[0] && {
      'article-other-language': `${withLanguage[0].section}/${withLanguage[0].slug}/`,
    }),
    sitemap: 'sitemap/',
    month: `archive/${months[0].year}/${String(months[0].month).padStart(2, '0')}/`,
    author: `author/${people[0].slug}/`,
    'not-found': 'no-such-page/',
  };
  const documents = [];
  for (const [name, path] of Object.entries(paths)) {
    const response = await fetchWithRetry(siteUrl(path));
    assert.equal(response.status, name === 'not-found' ? 404 : 200, `GET ${path}`);
    documents.push([name, await response.text()]);
  }
  const errors = await htmlErrors(documents);
  assert.deepEqual(errors, [], `validator errors:\n${errors.join('\n')}`);
});
