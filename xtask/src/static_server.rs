//! A small static file server for `dist/`, behaving like a plain static host (no SPA rewrites):
//! a folder URL serves its index.html, a folder without its trailing slash gets a 301 to the
//! slash form, anything missing gets the site's 404.html with status 404.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, Result};
use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, Server};

/// Threads that serve connections. tiny_http gives each connection a thread until the client
/// closes it, and browsers keep theirs open: with a few contexts, a service worker and
/// prefetches, 4 threads could all be held by idle connections while a new request waits.
const WORKERS: usize = 32;
/// How often the server opens an empty connection to itself (see [`nudge`]).
const NUDGE_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// What a request URL maps to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Map a request target (`/news/a-story/?x=1`) to a file below `root`. Never leaves `root`:
/// `..` segments (plain or percent-encoded) and symlinks pointing outside are not found.
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let (raw_path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let raw_path = raw_path.split('#').next().unwrap_or("");
    if !raw_path.starts_with('/') {
        return Resolved::NotFound;
    }
    let Ok(decoded) = percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        if segment.is_empty() || segment == "." {
            continue;
        }
        if segment == ".." || segment.contains(['\\', '\0']) {
            return Resolved::NotFound;
        }
        // A segment must be one plain name (no root, prefix or `..` hiding in it).
        let mut parts = Path::new(segment).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(_)), None) => file.push(segment),
            _ => return Resolved::NotFound,
        }
    }
    if !stays_inside(root, &file) {
        return Resolved::NotFound;
    }
    if file.is_dir() {
        if !decoded.ends_with('/') {
            let mut location = format!("{raw_path}/");
            if let Some(query) = query {
                location.push('?');
                location.push_str(query);
            }
            return Resolved::Redirect(location);
        }
        let index = file.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if file.is_file() && !decoded.ends_with('/') {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
}

/// True when `path` (if it exists) is really below `root` once symlinks are followed.
fn stays_inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        // Missing files are simply not found later; nothing was followed.
        (Ok(_), Err(_)) => true,
        (Err(_), _) => false,
    }
}

/// The Content-Type for a file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// A running server; dropping it (or `stop`) shuts it down.
pub struct StaticServer {
    server: Arc<Server>,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
    port: u16,
}

impl StaticServer {
    /// Serve `root` for tests and benchmarks: on a free port, quietly.
    pub fn quiet(root: PathBuf) -> Result<Self> {
        Self::start(root, "/", 0, false)
    }

    /// Serve `root` at the path `mount` (`/news/`), as a host serves a site built for a
    /// sub-path: `/news/x` is `root/x`, `/news` redirects to `/news/`, the rest is not
    /// found. On a free port, quietly.
    pub fn quiet_at(root: PathBuf, mount: &str) -> Result<Self> {
        Self::start(root, mount, 0, false)
    }

    /// Serve `root` for a person at `127.0.0.1:port`, printing each request.
    pub fn logged(root: PathBuf, port: u16) -> Result<Self> {
        Self::start(root, "/", port, true)
    }

    fn start(root: PathBuf, mount: &str, port: u16, log: bool) -> Result<Self> {
        let mount = format!("/{}/", mount.trim_matches('/')).replace("//", "/");
        let server = Server::http(("127.0.0.1", port))
            .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|addr| addr.port())
            .ok_or_else(|| anyhow!("server is not listening on an IP address"))?;
        let server = Arc::new(server);
        let stopping = Arc::new(AtomicBool::new(false));
        let mut workers: Vec<JoinHandle<()>> = (0..WORKERS)
            .map(|_| {
                let (server, stopping, root) = (server.clone(), stopping.clone(), root.clone());
                let mount = mount.clone();
                std::thread::spawn(move || loop {
                    match server.recv() {
                        Ok(request) => handle(&root, &mount, request, log),
                        Err(_) if stopping.load(Ordering::SeqCst) => break,
                        Err(_) => continue,
                    }
                })
            })
            .collect();
        let nudging = stopping.clone();
        workers.push(std::thread::spawn(move || nudge(port, &nudging)));
        Ok(StaticServer {
            server,
            stopping,
            workers,
            port,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn stop(self) {
        drop(self);
    }
}

/// tiny_http 0.12 serves each connection on a thread of its pool, which can lose a wake-up:
/// when two connections arrive together while one thread is idle, the second waits in the
/// pool's queue until some thread finishes a connection — and a browser keeps its
/// connections open, so a request on it can hang for good (seen with Chromium's parallel
/// fetches of Pagefind's fragments and of search shards). An empty connection every
/// [`NUDGE_EVERY`] makes the pool run its queue: a woken or new thread takes the waiting
/// connection first, and the empty one ends at once.
fn nudge(port: u16, stopping: &AtomicBool) {
    while !stopping.load(Ordering::SeqCst) {
        drop(std::net::TcpStream::connect(("127.0.0.1", port)));
        std::thread::sleep(NUDGE_EVERY);
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        for _ in 0..WORKERS {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn handle(root: &Path, mount: &str, request: Request, log: bool) {
    let target = request.url().to_string();
    let accepts = accepted_encodings(&request);
    let response = match request.method() {
        Method::Get | Method::Head => match unmount(mount, &target) {
            Some(inner) if inner.starts_with('/') => respond(root, mount, &inner, &accepts),
            Some(query) => Response::from_data(Vec::new())
                .with_status_code(301)
                .with_header(header("Location", &format!("{mount}{query}"))),
            None => not_found(root).with_header(header("Cache-Control", "no-cache")),
        },
        _ => Response::from_string("method not allowed")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD")),
    };
    if log {
        println!(
            "    {} {target} → {}",
            request.method(),
            response.status_code().0
        );
    }
    // A client that went away is not the server's problem.
    let _ = request.respond(response);
}

/// The encodings a request's Accept-Encoding names (lower case, without q-values).
fn accepted_encodings(request: &Request) -> Vec<String> {
    request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Accept-Encoding"))
        .flat_map(|h| h.value.as_str().split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                let q = p
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok());
                q == Some(0.0)
            });
            (!refused && !name.is_empty()).then_some(name)
        })
        .collect()
}

/// Like a CDN: `file.br` or `file.gz` (written by `broadsheet build --precompress`) when the
/// client accepts that encoding and the copy exists, brotli first.
pub fn precompressed(path: &Path, accepts: &[String]) -> Option<(PathBuf, &'static str)> {
    ["br", "gzip"].into_iter().find_map(|encoding| {
        let ext = if encoding == "br" { ".br" } else { ".gz" };
        let mut name = path.as_os_str().to_owned();
        name.push(ext);
        let copy = PathBuf::from(name);
        (accepts.iter().any(|a| a == encoding) && copy.is_file()).then_some((copy, encoding))
    })
}

/// The request target as the served folder sees it: with mount `/news/`, `/news/a/?x=1` →
/// `/a/?x=1`, and `/news?x=1` → `?x=1` (to redirect to `/news/?x=1`); `None` outside the mount.
pub fn unmount(mount: &str, target: &str) -> Option<String> {
    let inner = target.strip_prefix(mount.trim_end_matches('/'))?;
    match inner.chars().next() {
        None | Some('/' | '?' | '#') => Some(inner.to_string()),
        // `/newsroom/` is not below `/news/`.
        Some(_) => None,
    }
}

fn respond(
    root: &Path,
    mount: &str,
    target: &str,
    accepts: &[String],
) -> Response<std::io::Cursor<Vec<u8>>> {
    let no_cache = header("Cache-Control", "no-cache");
    match resolve(root, target) {
        Resolved::File(path) => {
            let encoded = precompressed(&path, accepts);
            let file = encoded.as_ref().map_or(path.as_path(), |(copy, _)| copy);
            match std::fs::read(file) {
                Ok(body) => {
                    let response = Response::from_data(body)
                        .with_header(header("Content-Type", content_type(&path)))
                        .with_header(header("Vary", "Accept-Encoding"))
                        .with_header(no_cache);
                    match encoded {
                        Some((_, encoding)) => {
                            response.with_header(header("Content-Encoding", encoding))
                        }
                        None => response,
                    }
                }
                Err(_) => not_found(root),
            }
        }
        Resolved::Redirect(location) => Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header(
                "Location",
                &format!("{}{location}", mount.trim_end_matches('/')),
            )),
        Resolved::NotFound => not_found(root).with_header(no_cache),
    }
}

fn not_found(root: &Path) -> Response<std::io::Cursor<Vec<u8>>> {
    let (body, kind) = match std::fs::read(root.join("404.html")) {
        Ok(page) => (page, "text/html; charset=utf-8"),
        Err(_) => (b"404 Not Found\n".to_vec(), "text/plain; charset=utf-8"),
    };
    Response::from_data(body)
        .with_status_code(404)
        .with_header(header("Content-Type", kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    /// A site: index.html, 404.html, news/index.html, files of every type, and a secret
    /// *outside* the served root.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dist");
        fs::create_dir_all(root.join("news/page/2")).unwrap();
        fs::create_dir_all(root.join("api/v1")).unwrap();
        fs::create_dir_all(root.join("empty")).unwrap();
        fs::write(root.join("index.html"), "<h1>home</h1>").unwrap();
        fs::write(root.join("404.html"), "<h1>missing page</h1>").unwrap();
        fs::write(root.join("news/index.html"), "<h1>news</h1>").unwrap();
        fs::write(root.join("news/page/2/index.html"), "<h1>news 2</h1>").unwrap();
        fs::write(root.join("api/v1/site.json"), "{}").unwrap();
        fs::write(root.join("app-1a2b.wasm"), b"\0asm").unwrap();
        fs::write(root.join("app-1a2b.js"), "export {}").unwrap();
        fs::write(root.join("main.css"), "body{}").unwrap();
        fs::write(root.join("logo.svg"), "<svg/>").unwrap();
        fs::write(root.join("feed.xml"), "<rss/>").unwrap();
        fs::write(root.join("sitemap.xml"), "<urlset/>").unwrap();
        fs::write(root.join("a b.txt"), "spaced").unwrap();
        fs::write(dir.path().join("secret.txt"), "TOP SECRET").unwrap();
        (dir, root)
    }

    struct Reply {
        status: u16,
        headers: String,
        body: String,
    }

    impl Reply {
        fn header(&self, name: &str) -> Option<String> {
            self.headers.lines().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_string())
            })
        }
    }

    /// A raw HTTP request, so the target reaches the server exactly as written.
    fn get(port: u16, target: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        Reply {
            status,
            headers: head.to_string(),
            body: body.to_string(),
        }
    }

    #[test]
    fn folder_url_serves_its_index_html() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/news/page/2/?utm=x"),
            Resolved::File(root.join("news/page/2/index.html"))
        );
    }

    #[test]
    fn folder_without_trailing_slash_redirects_keeping_the_query() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/news"), Resolved::Redirect("/news/".into()));
        assert_eq!(
            resolve(&root, "/news/page/2?x=1"),
            Resolved::Redirect("/news/page/2/?x=1".into())
        );
    }

    #[test]
    fn missing_files_and_folders_without_index_are_not_found() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/nope/"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/empty/"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/main.css/"), Resolved::NotFound);
        assert_eq!(resolve(&root, "no-leading-slash"), Resolved::NotFound);
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        let (_dir, root) = site();
        assert_eq!(
            resolve(&root, "/a%20b.txt"),
            Resolved::File(root.join("a b.txt"))
        );
    }

    #[test]
    fn traversal_outside_the_root_is_not_found() {
        let (_dir, root) = site();
        for target in [
            "/../secret.txt",
            "/news/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/news/%2e%2e/%2e%2e/secret.txt",
            "/%00",
            "/../etc/passwd",
            "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        ] {
            assert_eq!(resolve(&root, target), Resolved::NotFound, "{target}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_pointing_outside_the_root_are_not_followed() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        assert_eq!(resolve(&root, "/leak.txt"), Resolved::NotFound);
    }

    #[test]
    fn content_types_fit_what_browsers_require() {
        for (file, kind) in [
            ("a.wasm", "application/wasm"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "application/javascript; charset=utf-8"),
            ("feed.xml", "application/xml"),
            ("index.html", "text/html; charset=utf-8"),
            ("unknown.bin", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), kind, "{file}");
        }
    }

    #[test]
    fn a_burst_of_connections_kept_open_is_answered_in_full() {
        // A browser opens several connections at once and keeps them open; every
        // request must still be answered (tiny_http's pool alone can leave one waiting).
        let (_dir, root) = site();
        let server = StaticServer::quiet(root).unwrap();
        let port = server.port();
        for _ in 0..20 {
            let clients: Vec<_> = (0..8)
                .map(|_| {
                    std::thread::spawn(move || {
                        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                        stream
                            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                            .unwrap();
                        write!(stream, "GET /main.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .unwrap();
                        let mut head = [0u8; 12];
                        let answered = stream.read_exact(&mut head).is_ok();
                        (answered, stream)
                    })
                })
                .collect();
            let done: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
            assert!(
                done.iter().all(|(answered, _)| *answered),
                "a request was never answered"
            );
        }
    }

    #[test]
    fn server_answers_over_http_like_a_static_host() {
        let (_dir, root) = site();
        let server = StaticServer::quiet(root).unwrap();
        let port = server.port();

        let home = get(port, "/");
        assert_eq!(home.status, 200);
        assert_eq!(home.body, "<h1>home</h1>");
        assert_eq!(
            home.header("Content-Type").unwrap(),
            "text/html; charset=utf-8"
        );

        let redirect = get(port, "/news");
        assert_eq!(redirect.status, 301);
        assert_eq!(redirect.header("Location").unwrap(), "/news/");

        let missing = get(port, "/no/such/page/");
        assert_eq!(missing.status, 404);
        assert_eq!(missing.body, "<h1>missing page</h1>");

        for (target, kind) in [
            ("/app-1a2b.wasm", "application/wasm"),
            ("/api/v1/site.json", "application/json"),
            ("/logo.svg", "image/svg+xml"),
            ("/main.css", "text/css; charset=utf-8"),
            ("/app-1a2b.js", "application/javascript; charset=utf-8"),
            ("/feed.xml", "application/xml"),
        ] {
            let reply = get(port, target);
            assert_eq!(reply.status, 200, "{target}");
            assert_eq!(reply.header("Content-Type").unwrap(), kind, "{target}");
        }

        for target in ["/../secret.txt", "/%2e%2e/secret.txt", "/../etc/passwd"] {
            let reply = get(port, target);
            assert_eq!(reply.status, 404, "{target}");
            assert!(!reply.body.contains("SECRET"), "{target}");
        }
        server.stop();
    }

    #[test]
    fn precompressed_copies_are_served_to_clients_that_accept_them() {
        let (_dir, root) = site();
        fs::write(root.join("main.css.br"), "BROTLI").unwrap();
        fs::write(root.join("main.css.gz"), "GZIP").unwrap();
        let server = StaticServer::quiet(root).unwrap();
        let fetch = |accept: &str| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
            write!(
                stream,
                "GET /main.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {accept}\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut raw = String::new();
            stream.read_to_string(&mut raw).unwrap();
            raw
        };
        let br = fetch("gzip, deflate, br");
        assert!(
            br.contains("Content-Encoding: br") && br.ends_with("BROTLI"),
            "{br}"
        );
        assert!(br.contains("Content-Type: text/css"), "{br}");
        let gz = fetch("gzip, br;q=0");
        assert!(
            gz.contains("Content-Encoding: gzip") && gz.ends_with("GZIP"),
            "{gz}"
        );
        let plain = fetch("identity");
        assert!(
            !plain.contains("Content-Encoding") && plain.ends_with("body{}"),
            "{plain}"
        );
        // No copy on disk: the file as it is.
        let js = get(server.port(), "/app-1a2b.js");
        assert_eq!(js.body, "export {}");
        server.stop();
    }

    #[test]
    fn unmount_keeps_only_targets_below_the_mount() {
        assert_eq!(unmount("/", "/a/?x=1").as_deref(), Some("/a/?x=1"));
        assert_eq!(
            unmount("/news/", "/news/a/?x=1").as_deref(),
            Some("/a/?x=1")
        );
        assert_eq!(unmount("/news/", "/news/").as_deref(), Some("/"));
        assert_eq!(unmount("/news/", "/news?x=1").as_deref(), Some("?x=1"));
        assert_eq!(unmount("/news/", "/newsroom/"), None);
        assert_eq!(unmount("/news/", "/city/"), None);
    }

    #[test]
    fn a_mounted_server_serves_the_site_below_its_path_only() {
        let (_dir, root) = site();
        let server = StaticServer::quiet_at(root, "news").unwrap();
        let port = server.port();
        assert_eq!(get(port, "/news/").body, "<h1>home</h1>");
        assert_eq!(get(port, "/news/news/page/2/").body, "<h1>news 2</h1>");
        let api = get(port, "/news/api/v1/site.json");
        assert_eq!(api.header("Content-Type").unwrap(), "application/json");
        for (target, location) in [
            ("/news", "/news/"),
            ("/news?x=1", "/news/?x=1"),
            ("/news/news/page/2?x=1", "/news/news/page/2/?x=1"),
        ] {
            let reply = get(port, target);
            assert_eq!(reply.status, 301, "{target}");
            assert_eq!(reply.header("Location").unwrap(), location, "{target}");
        }
        for target in ["/", "/index.html", "/newsroom/", "/news/../secret.txt"] {
            let reply = get(port, target);
            assert_eq!(reply.status, 404, "{target}");
            assert_eq!(reply.body, "<h1>missing page</h1>", "{target}");
        }
        server.stop();
    }

    #[test]
    fn not_found_without_a_404_page_is_plain_text() {
        let dir = tempfile::tempdir().unwrap();
        let server = StaticServer::quiet(dir.path().to_path_buf()).unwrap();
        let reply = get(server.port(), "/missing");
        assert_eq!(reply.status, 404);
        assert!(reply.body.contains("404"));
    }
}
