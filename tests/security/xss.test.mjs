// The real XSS collections (../shared/realdata/xss), built by `cargo xtask xss` into
// SECURITY_SITE: the same checks as the hostile fixture site, on every page of it.
import assert from 'node:assert/strict';
import { siteChecks } from './site-checks.mjs';

const SITE = process.env.SECURITY_SITE;
assert.ok(SITE, 'SECURITY_SITE names the built corpus site (cargo xtask xss sets it)');
siteChecks(SITE, { minPages: 5, minHtmlFields: 5 });
