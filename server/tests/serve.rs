//! Serving www/: what tests/e2e/serve.spec.js checks through a browser's eyes, here on raw
//! sockets against a folder of our own, plus issue 23's encodings and cache lifetimes.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::time::{Duration, SystemTime};

use common::{Server, dirs};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; \
                   font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

fn security(r: &common::Response, what: &str) {
    assert_eq!(r.header("content-security-policy"), Some(CSP), "{what}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{what}");
    assert_eq!(r.header("cross-origin-opener-policy"), Some("same-origin"), "{what}");
    assert!(
        r.header("permissions-policy").is_some_and(|p| p.contains("camera=()")),
        "{what}"
    );
    assert_eq!(r.header("x-frame-options"), None, "{what}: embeddable");
}

#[test]
fn mime_types_caching_and_headers() {
    let d = dirs();
    let types = [
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.mjs", "text/javascript; charset=utf-8"),
        ("a.css", "text/css; charset=utf-8"),
        ("a.json", "application/json; charset=utf-8"),
        ("a.geojson", "application/geo+json; charset=utf-8"),
        ("a.wasm", "application/wasm"),
        ("a.png", "image/png"),
        ("a.svg", "image/svg+xml"),
        ("a.woff2", "font/woff2"),
        ("a.txt", "text/plain; charset=utf-8"),
        ("A.PNG", "image/png"),
        ("no-extension", "application/octet-stream"),
    ];
    for (name, _) in types {
        fs::write(d.root.join(name), format!("content of {name}")).unwrap();
    }
    let s = Server::start(&d.root, &d.data, &[]);
    let index = s.get("/", &[]);
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    security(&index, "/");
    for (name, ty) in types {
        let r = s.get(&format!("/{name}"), &[]);
        assert_eq!(r.status, 200, "{name}");
        assert_eq!(r.header("content-type"), Some(ty), "{name}");
        assert_eq!(r.text(), format!("content of {name}"));
        let etag = r.header("etag").unwrap_or("");
        assert!(etag.starts_with("W/\"") && etag.ends_with('"'), "{name}: {etag}");
        assert!(
            r.header("last-modified")
                .and_then(|d| httpdate::parse_http_date(d).ok())
                .is_some(),
            "{name}"
        );
        let cache = if name.ends_with("woff2") {
            "public, max-age=86400"
        } else {
            "no-cache"
        };
        assert_eq!(r.header("cache-control"), Some(cache), "{name}");
        security(&r, name);
    }
    let missing = s.get("/no-such-file.js", &[]);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    security(&missing, "404");
    // The API's answers carry them too.
    security(&s.get("/api/health", &[]), "/api/health");
}

#[test]
fn revalidation_and_head() {
    let d = dirs();
    fs::write(
        d.root.join("routes.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[]}",
    )
    .unwrap();
    let s = Server::start(&d.root, &d.data, &[]);
    let first = s.get("/routes.geojson", &[]);
    let etag = first.header("etag").unwrap().to_string();
    let by_tag = s.get("/routes.geojson", &[("If-None-Match", &etag)]);
    assert_eq!((by_tag.status, by_tag.body.len()), (304, 0));
    assert_eq!(by_tag.header("etag"), Some(etag.as_str()));
    assert_eq!(s.get("/routes.geojson", &[("If-None-Match", "\"x\", *")]).status, 304);
    let lm = first.header("last-modified").unwrap().to_string();
    assert_eq!(s.get("/routes.geojson", &[("If-Modified-Since", &lm)]).status, 304);
    assert_eq!(s.get("/routes.geojson", &[("If-None-Match", "W/\"0-0\"")]).status, 200);
    let old = s.get(
        "/routes.geojson",
        &[("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")],
    );
    assert_eq!(old.status, 200);
    assert_eq!(old.body, first.body);
    let head = s.raw("HEAD /routes.geojson HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(first.body.len().to_string().as_str())
    );
    assert!(head.body.is_empty());
}

#[test]
fn refuses_every_path_out_of_the_root() {
    let d = dirs();
    fs::write(d.base.path().join("secret.txt"), "TOP SECRET").unwrap();
    fs::create_dir(d.root.join("data")).unwrap();
    fs::create_dir(d.root.join(".git")).unwrap();
    fs::write(d.root.join(".git/config"), "TOP SECRET").unwrap();
    fs::write(d.root.join(".hidden"), "TOP SECRET").unwrap();
    symlink(d.base.path().join("secret.txt"), d.root.join("link.txt")).unwrap();
    symlink(d.base.path(), d.root.join("linkdir")).unwrap();
    let s = Server::start(&d.root, &d.data, &[]);
    let attacks = [
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/data/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/data%2f..%2f..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%252fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/..%5csecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%2e%2e%00/secret.txt",
        "/index.html%00.png",
        "/%00",
        "/%01",
        "/%7f",
        "/..",
        "/./index.html",
        "//etc/passwd",
        "/.git/config",
        "/.hidden",
        "/%2ehidden",
        "/%",
        "/%zz",
        "secret.txt",
        "../secret.txt",
        "http://127.0.0.1/../secret.txt",
        "/%u002e%u002e/secret.txt",
        "/link.txt",
        "/linkdir/secret.txt",
        "/linkdir/",
        "/linkdir",
    ];
    for target in attacks {
        let r = s.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ));
        assert!([400, 403, 404].contains(&r.status), "{target}: {}", r.status);
        assert!(
            !r.text().contains("TOP SECRET") && !r.text().contains("root:x:0:0"),
            "{target}"
        );
    }
    assert_eq!(s.get("/", &[]).status, 200);
}

#[test]
fn get_and_head_only_and_survives_garbage() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"] {
        let r = s.raw(&format!(
            "{method} /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        ));
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
    // Each is answered with an error and the connection closed (kept-alive requests included),
    // as a client that wrote garbage waits for the end of the answer.
    let long = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(20_000));
    let long_header = format!("GET / HTTP/1.1\r\nHost: x\r\nX: {}\r\n\r\n", "b".repeat(20_000));
    let huge_header = format!("GET / HTTP/1.1\r\nHost: x\r\nX: {}\r\n\r\n", "b".repeat(500_000));
    let junks = [
        "GARBAGE\r\n\r\n",
        "\0\0\0\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET / HTTP/1.1\r\nHost x\r\n\r\n",
        &long,
        &long_header,
        &huge_header,
    ];
    for junk in junks {
        let what = format!("{:?}", &junk[..junk.len().min(30)]);
        let mut c = std::net::TcpStream::connect(s.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        // A server that refuses early may reset the connection while the rest is being written.
        let _ = std::io::Write::write_all(&mut c, junk.as_bytes());
        let mut answer = Vec::new();
        match std::io::Read::read_to_end(&mut c, &mut answer) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!("{what}: no end to the answer: {e}"),
        }
        let text = String::from_utf8_lossy(&answer);
        let status: u16 = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        assert!([400, 414, 431].contains(&status), "{what}: {status}");
    }
    // A client that connects and says nothing, or hangs up half way, stops nothing either.
    let idle = std::net::TcpStream::connect(s.addr).unwrap();
    let mut half = std::net::TcpStream::connect(s.addr).unwrap();
    std::io::Write::write_all(&mut half, b"GET /index.ht").unwrap();
    drop(half);
    assert_eq!(s.get("/", &[]).status, 200);
    drop(idle);
}

#[test]
fn folder_without_slash_redirects() {
    let d = dirs();
    fs::create_dir(d.root.join("stats")).unwrap();
    fs::write(d.root.join("stats/index.html"), "stats page").unwrap();
    let s = Server::start(&d.root, &d.data, &[]);
    let r = s.get("/stats?lang=zh", &[]);
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/stats/?lang=zh"));
    assert_eq!(s.get("/stats/", &[]).text(), "stats page");
}

#[test]
fn precompressed_siblings_by_negotiation() {
    let d = dirs();
    let raw = "x".repeat(1000);
    fs::write(d.root.join("main.js"), &raw).unwrap();
    fs::write(d.root.join("main.js.br"), "BROTLI").unwrap();
    fs::write(d.root.join("main.js.gz"), "GZIP").unwrap();
    // Older than its file: left over from a previous build, never served.
    fs::write(d.root.join("old.css"), "fresh").unwrap();
    let gz = fs::File::create(d.root.join("old.css.gz")).unwrap();
    std::io::Write::write_all(&mut &gz, b"STALE").unwrap();
    gz.set_modified(SystemTime::now() - Duration::from_secs(3600)).unwrap();
    fs::write(d.root.join("plain.js"), "plain").unwrap();
    let s = Server::start(&d.root, &d.data, &[]);

    let br = s.get("/main.js", &[("Accept-Encoding", "gzip, deflate, br")]);
    assert_eq!((br.status, br.text().as_str()), (200, "BROTLI"));
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert_eq!(br.header("vary"), Some("Accept-Encoding"));
    assert_eq!(br.header("content-length"), Some("6"));
    let gzip = s.get("/main.js", &[("Accept-Encoding", "gzip")]);
    assert_eq!(
        (gzip.text().as_str(), gzip.header("content-encoding")),
        ("GZIP", Some("gzip"))
    );
    let refused = s.get("/main.js", &[("Accept-Encoding", "br;q=0, gzip;q=0.5")]);
    assert_eq!(refused.header("content-encoding"), Some("gzip"));
    let none = s.get("/main.js", &[]);
    assert_eq!((none.text(), none.header("content-encoding")), (raw.clone(), None));
    assert_eq!(none.header("vary"), Some("Accept-Encoding"));
    let identity = s.get("/main.js", &[("Accept-Encoding", "identity")]);
    assert_eq!(identity.text(), raw);
    // Each encoding has its own ETag, and revalidates on its own.
    assert_ne!(br.header("etag"), none.header("etag"));
    let again = s.get(
        "/main.js",
        &[("Accept-Encoding", "br"), ("If-None-Match", br.header("etag").unwrap())],
    );
    assert_eq!(again.status, 304);
    assert_eq!(again.header("content-encoding"), Some("br"));
    assert_eq!(
        s.get("/main.js", &[("If-None-Match", br.header("etag").unwrap())])
            .status,
        200
    );
    let head = s.raw("HEAD /main.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n");
    assert_eq!(
        (head.header("content-length"), head.header("content-encoding")),
        (Some("6"), Some("br"))
    );

    let stale = s.get("/old.css", &[("Accept-Encoding", "gzip")]);
    assert_eq!(
        (stale.text().as_str(), stale.header("content-encoding")),
        ("fresh", None)
    );
    let plain = s.get("/plain.js", &[("Accept-Encoding", "gzip, br")]);
    assert_eq!((plain.header("content-encoding"), plain.header("vary")), (None, None));
}

#[test]
fn hashed_names_are_immutable_the_rest_revalidated() {
    let d = dirs();
    for name in [
        "main.3fa2c1d9.js",
        "supply_routes_bg.0123456789abcdef.wasm",
        "main.js",
        "kiosk.json",
        "font.woff2",
        "deadbeef.js",
    ] {
        fs::write(d.root.join(name), name).unwrap();
    }
    fs::write(d.root.join("main.3fa2c1d9.js.br"), "b").unwrap();
    let s = Server::start(&d.root, &d.data, &[]);
    let year = "public, max-age=31536000, immutable";
    for (target, cache) in [
        ("/main.3fa2c1d9.js", year),
        ("/supply_routes_bg.0123456789abcdef.wasm", year),
        ("/main.js", "no-cache"),
        ("/", "no-cache"),
        ("/kiosk.json", "no-cache"),
        ("/font.woff2", "public, max-age=86400"),
        ("/deadbeef.js", "no-cache"),
    ] {
        assert_eq!(s.get(target, &[]).header("cache-control"), Some(cache), "{target}");
    }
    let br = s.get("/main.3fa2c1d9.js", &[("Accept-Encoding", "br")]);
    assert_eq!(
        (br.header("content-encoding"), br.header("cache-control")),
        (Some("br"), Some(year))
    );
    // A name whose hash is not there is a 404, never another build's file.
    assert_eq!(s.get("/main.00000000.js", &[]).status, 404);
}

#[test]
fn refuses_a_data_folder_inside_the_root() {
    let d = dirs();
    let out = std::process::Command::new(common::BIN)
        .env("PORT", "0")
        .env("ROOT", &d.root)
        .env("DATA", d.root.join("var"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the served folder"));
}
