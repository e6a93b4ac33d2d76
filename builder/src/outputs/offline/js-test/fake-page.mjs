// A small fake of what the inline register script sees in a page: document, an element
// tree without layout, navigator.serviceWorker with one registration, location, events.

import vm from 'node:vm';
import { readFileSync } from 'node:fs';

class FakeEvents {
  constructor() { this.listeners = {}; }

  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }

  emit(type, event = {}) {
    for (const listener of this.listeners[type] || []) listener({ type, ...event });
  }
}

class FakeElement extends FakeEvents {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.style = {};
    this.textContent = '';
    this.classes = new Set();
    this.classList = {
      toggle: (name, on) => (on ? this.classes.add(name) : this.classes.delete(name)),
      contains: (name) => this.classes.has(name),
    };
  }

  set className(value) { this.classes = new Set(value.split(' ')); }
  get className() { return [...this.classes].join(' '); }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return this.attributes[name]; }

  append(...nodes) {
    for (const node of nodes) {
      if (typeof node === 'object') node.parent = this;
      this.children.push(node);
    }
  }

  remove() {
    if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this);
    this.parent = null;
  }

  get text() {
    return this.children.map((c) => (typeof c === 'string' ? c : c.text || c.textContent)).join(' ') || this.textContent;
  }

  click() { this.emit('click'); }

  find(predicate) {
    if (predicate(this)) return this;
    for (const child of this.children) {
      const hit = typeof child === 'object' && child.find(predicate);
      if (hit) return hit;
    }
    return null;
  }
}

class FakeServiceWorker extends FakeEvents {
  constructor(state) {
    super();
    this.state = state;
    this.messages = [];
  }

  postMessage(message) { this.messages.push(structuredClone(message)); }

  become(state) {
    this.state = state;
    this.emit('statechange');
  }
}

class FakeRegistration extends FakeEvents {
  constructor() {
    super();
    this.installing = null;
    this.waiting = null;
    this.updates = 0;
  }

  async update() { this.updates += 1; }

  // A new worker is found and installs.
  found() {
    this.installing = new FakeServiceWorker('installing');
    this.emit('updatefound');
    return this.installing;
  }
}

// A page that loaded with (`controlled`) or without a worker in control.
export class FakePage extends FakeEvents {
  constructor(scriptPath, { controlled = false, serviceWorker = true, onLine = true, waiting = false } = {}) {
    super();
    this.reloads = 0;
    this.now = 1_000_000; // the page's clock (Date.now), moved by tests
    this.registered = [];
    this.timers = [];
    this.root = new FakeElement('html');
    this.body = new FakeElement('body');
    this.root.append(this.body);
    this.registration = new FakeRegistration();
    if (waiting) this.registration.waiting = new FakeServiceWorker('installed');
    this.container = new FakeEvents();
    this.container.controller = controlled ? new FakeServiceWorker('activated') : null;
    this.container.register = async (url, options) => {
      this.registered.push(structuredClone({ url, options }));
      return this.registration;
    };
    const page = this;
    this.document = Object.assign(new FakeEvents(), {
      documentElement: this.root,
      body: this.body,
      readyState: 'loading',
      visibilityState: 'visible',
      createElement: (tag) => new FakeElement(tag),
    });
    this.navigator = { onLine };
    if (serviceWorker) this.navigator.serviceWorker = this.container;
    const scope = {
      document: this.document,
      navigator: this.navigator,
      location: { reload: () => { page.reloads += 1; } },
      addEventListener: (type, listener) => page.addEventListener(type, listener),
      setTimeout: (fn) => { page.timers.push(fn); },
      Date: { now: () => page.now },
    };
    vm.createContext(scope);
    vm.runInContext(readFileSync(scriptPath, 'utf8'), scope, { filename: scriptPath });
  }

  // The page's load event, then the microtasks of registering.
  async load() {
    this.document.readyState = 'complete';
    this.emit('load');
    await new Promise((resolve) => setImmediate(resolve));
  }

  runTimers() {
    for (const fn of this.timers.splice(0)) fn();
  }

  notice() {
    return this.root.find((e) => e.classes && e.classes.has('bs-update'));
  }

  button(label) {
    const notice = this.notice();
    return notice && notice.find((e) => e.tagName === 'BUTTON' && e.textContent === label);
  }
}
