// The page script of every page, pre-rendered or not: registers the service worker, tells
// the reader about a new version, marks <html> while offline, and runs "save for offline"
// and the list of saved articles. One hashed file per build (every page names the same
// one), so it depends on the base path and the site's words only.
(() => {
  const CONFIG = __CONFIG__;
  const root = document.documentElement;

  // `html.offline` lets the page (its CSS) and the app show that reading is offline.
  const showConnection = () => root.classList.toggle('offline', !navigator.onLine);
  showConnection();
  addEventListener('online', showConnection);
  addEventListener('offline', showConnection);

  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  // Without a controller this is the first install: there is no old version to replace.
  const hadController = Boolean(container.controller);
  let askedToUpdate = false;
  let reloading = false;
  let notice = null;

  const reload = () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  };

  // The new worker takes over: reload if this page asked for it; if another page did,
  // this one still runs the old version, so offer the same reload.
  container.addEventListener('controllerchange', () => {
    if (askedToUpdate) reload();
    else if (hadController) offer(null);
  });

  const button = (label, onClick) => {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = label;
    element.addEventListener('click', onClick);
    return element;
  };

  // Asks the waiting worker to take over (or just reloads when it already has); the
  // reload follows on `controllerchange`.
  const update = (worker) => {
    askedToUpdate = true;
    if (worker && (worker.state === 'installed' || worker.state === 'activating')) {
      worker.postMessage({ type: 'skip-waiting' });
    } else {
      reload();
    }
  };

  // A quiet notice: a polite live region, no focus taken. Styled through the CSSOM, which
  // the policy allows (style attributes it does not); `.bs-update` lets CSS restyle it.
  const offer = (worker) => {
    if (notice) return;
    notice = document.createElement('div');
    notice.className = 'bs-update';
    notice.setAttribute('role', 'status');
    Object.assign(notice.style, {
      position: 'fixed', left: '1rem', right: '1rem', bottom: '1rem', zIndex: '1000',
      maxWidth: '32rem', margin: '0 auto', padding: '0.75rem 1rem', display: 'flex',
      flexWrap: 'wrap', gap: '0.5rem 1rem', alignItems: 'center', background: 'Canvas',
      color: 'CanvasText', border: '1px solid', borderRadius: '0.5rem',
    });
    (document.body || root).append(notice);
    // Filled once in the document, so screen readers announce the change.
    setTimeout(() => {
      const text = document.createElement('span');
      text.textContent = CONFIG.text.available;
      const later = button(CONFIG.text.dismiss, () => notice.remove());
      notice.append(text, button(CONFIG.text.reload, () => update(worker)), later);
    }, 100);
  };

  const watch = (registration) => {
    if (registration.waiting && container.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && container.controller) offer(worker);
      });
    });
    // The app moves between pages without loading them, so the browser's own update
    // check (on navigation) may not come for hours: check when the reader returns,
    // at most once a minute.
    let checked = Date.now();
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible' || Date.now() - checked < 60000) return;
      checked = Date.now();
      registration.update().catch(() => {});
    });
  };

  // After the page has loaded: the worker's install must not compete with its images.
  const register = () => {
    container.register(CONFIG.worker, { scope: CONFIG.base }).then((registration) => registration && watch(registration), () => {});
  };
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });

  // Saved articles. The worker keeps each one's page, document and lead image (the
  // `save` and `unsave` messages); this script keeps the list a reader sees, in
  // localStorage, so the saved list shows offline and without the app.
  if (typeof MutationObserver === 'undefined' || typeof localStorage === 'undefined') return;
  const KEY = `bs-saved@${CONFIG.base}`;
  const readList = () => {
    try {
      const list = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(list) ? list.filter((e) => e && typeof e.href === 'string' && e.href.startsWith(CONFIG.base)) : [];
    } catch {
      return [];
    }
  };
  const writeList = (list) => {
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
    } catch {
      // Storage full or refused: the worker still holds the copies.
    }
  };
  const isSaved = (href) => readList().some((e) => e.href === href);

  // A message to the active worker, answered through a MessageChannel.
  const ask = (message) => container.ready.then((registration) => new Promise((resolve, reject) => {
    const worker = registration.active;
    if (!worker) return reject(new Error('no worker'));
    const channel = new MessageChannel();
    const timer = setTimeout(() => reject(new Error('no answer')), 20000);
    channel.port1.addEventListener('message', (event) => {
      clearTimeout(timer);
      if (event.data && event.data.ok) resolve(event.data);
      else reject(new Error((event.data && event.data.error) || 'refused'));
    });
    channel.port1.start();
    worker.postMessage(message, [channel.port2]);
  }));

  const entryOf = (button) => ({
    href: button.dataset.saveHref,
    api: button.dataset.saveApi || '',
    image: button.dataset.saveImage || '',
    title: button.dataset.saveTitle || button.dataset.saveHref,
    meta: button.dataset.saveMeta || '',
  });
  const urlsOf = (entry) => [...new Set([entry.href, entry.api, entry.image, ...(entry.images || [])].filter(Boolean))];
  // The pictures the article shows on this device (the variant the browser chose), so the
  // saved copy shows them offline; within the worker's limit of URLs per save.
  const shownImages = (button) => {
    const article = button.closest('article');
    if (!article) return [];
    return [...article.querySelectorAll('img')]
      .map((img) => img.currentSrc || img.src)
      .filter((src) => src && new URL(src, location.href).origin === location.origin)
      .slice(0, 16);
  };

  const say = (button, text) => {
    const status = button.parentElement && button.parentElement.querySelector('.save-status');
    if (status) status.textContent = text;
  };

  const showButton = (button) => {
    button.hidden = false;
    button.setAttribute('aria-pressed', String(isSaved(button.dataset.saveHref)));
  };

  const renderList = (box) => {
    const list = readList();
    const children = [];
    if (list.length === 0) {
      const empty = document.createElement('p');
      empty.className = 'saved-empty';
      empty.textContent = CONFIG.text.empty;
      children.push(empty);
    } else {
      const items = document.createElement('ul');
      items.className = 'saved-items';
      for (const entry of list) {
        const link = document.createElement('a');
        link.href = entry.href;
        link.textContent = entry.title;
        const meta = document.createElement('span');
        meta.className = 'saved-meta';
        meta.textContent = entry.meta;
        const remove = button(CONFIG.text.remove, () => unsave(entry));
        remove.className = 'saved-remove';
        const item = document.createElement('li');
        item.append(link, meta, remove);
        items.append(item);
      }
      children.push(items);
    }
    box.replaceChildren(...children);
  };

  const refresh = () => {
    document.querySelectorAll('button[data-save-href]').forEach(showButton);
    document.querySelectorAll('[data-saved-list]').forEach(renderList);
  };

  const save = (button) => {
    const entry = entryOf(button);
    const saved = isSaved(entry.href);
    if (!saved) entry.images = shownImages(button);
    else entry.images = (readList().find((e) => e.href === entry.href) || {}).images;
    button.disabled = true;
    ask({ type: saved ? 'unsave' : 'save', urls: urlsOf(entry) })
      .then(() => {
        const rest = readList().filter((e) => e.href !== entry.href);
        writeList(saved ? rest : [entry, ...rest]);
        say(button, saved ? CONFIG.text.unsaved : CONFIG.text.saved);
      }, (error) => say(button, /full/.test(error.message) ? CONFIG.text.full : CONFIG.text.failed))
      .then(() => {
        button.disabled = false;
        refresh();
      });
  };

  function unsave(entry) {
    ask({ type: 'unsave', urls: urlsOf(entry) })
      .catch(() => {})
      .then(() => {
        writeList(readList().filter((e) => e.href !== entry.href));
        refresh();
      });
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('button[data-save-href]') : null;
    if (target) save(target);
  });
  // The app renders pages after this script ran: set up what appears, once each.
  const setUp = () => {
    for (const element of document.querySelectorAll('button[data-save-href]:not([data-ready]), [data-saved-list]:not([data-ready])')) {
      element.dataset.ready = '';
      if (element.matches('button')) showButton(element);
      else renderList(element);
    }
  };
  new MutationObserver(setUp).observe(root, { childList: true, subtree: true });
  setUp();
  // Another tab saved or removed something.
  addEventListener('storage', (event) => {
    if (event.key === KEY) refresh();
  });
})();
