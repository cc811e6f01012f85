//! Preview mode (`--preview GEODATA`, `make preview`): the geodata folder served raw from disk,
//! the change feed, the client added to the page; and without the flag, nothing of it.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Dirs, Server, dirs};

const PAGE: &str = "<!doctype html><html><head><title>t</title>\n</head><body>map</body></html>";

/// A served folder with a page and a data file, a geodata folder and a client folder beside it.
fn folders() -> Dirs {
    let d = dirs();
    fs::write(d.root.join("index.html"), PAGE).unwrap();
    fs::create_dir(d.root.join("data")).unwrap();
    fs::write(d.root.join("data/routes.geojson"), "built routes").unwrap();
    fs::write(d.root.join("data/languages.json"), "built languages").unwrap();
    let geo = d.base.path().join("geodata");
    fs::create_dir_all(geo.join("interface")).unwrap();
    fs::write(
        geo.join("routes.geojson"),
        "{\"type\": \"FeatureCollection\", \"features\": []}",
    )
    .unwrap();
    fs::write(geo.join("languages.json"), "disk languages").unwrap();
    fs::write(geo.join("interface/en.json"), "{\"title\": \"Supply Routes\"}").unwrap();
    let client = d.base.path().join("preview");
    fs::create_dir(&client).unwrap();
    fs::write(client.join("client.js"), "// the client").unwrap();
    fs::write(d.base.path().join("secret.txt"), "TOP SECRET").unwrap();
    d
}

fn preview(d: &Dirs) -> Server {
    let geo = d.base.path().join("geodata");
    let client = d.base.path().join("preview");
    Server::start_with(
        &d.root,
        &d.data,
        &[],
        &[Path::new("--preview"), &geo, Path::new("--preview-client"), &client],
    )
}

#[test]
fn without_the_flag_nothing_of_the_preview_is_served() {
    let d = folders();
    let s = Server::start(&d.root, &d.data, &[]);
    for target in [
        "/_preview/client.js",
        "/_preview/events",
        "/_preview/geodata/routes.geojson",
        "/_preview/geodata/interface/en.json",
    ] {
        assert_eq!(s.get(target, &[]).status, 404, "{target}");
    }
    for target in ["/", "/index.html"] {
        let page = s.get(target, &[]);
        assert_eq!(page.text(), PAGE, "{target}: the page as it is on disk");
        assert_eq!(page.header("cache-control"), Some("no-cache"));
    }
    assert_eq!(s.get("/data/languages.json", &[]).text(), "built languages");
}

#[test]
fn the_page_gets_the_client_and_the_geodata_is_read_from_disk() {
    let d = folders();
    let geo = d.base.path().join("geodata");
    let s = preview(&d);
    let page = s.get("/", &[("Accept-Encoding", "br, gzip")]);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("content-encoding"), None);
    let html = page.text();
    assert!(
        html.contains("<script type=\"module\" src=\"/_preview/client.js\"></script>\n</head>"),
        "{html}"
    );
    let without = html
        .replace("<link rel=\"stylesheet\" href=\"/_preview/preview.css\">\n", "")
        .replace("<script type=\"module\" src=\"/_preview/client.js\"></script>\n", "");
    assert_eq!(without, PAGE, "the page, with only the client added");
    assert_eq!(s.get("/index.html", &[]).text(), html);

    let client = s.get("/_preview/client.js", &[]);
    assert_eq!((client.status, client.text().as_str()), (200, "// the client"));
    assert_eq!(client.header("cache-control"), Some("no-store"));

    // Each request reads the file as it is now, and nothing keeps it.
    let first = s.get("/_preview/geodata/routes.geojson", &[]);
    assert_eq!(first.status, 200);
    assert_eq!(
        first.header("content-type"),
        Some("application/geo+json; charset=utf-8")
    );
    assert_eq!(first.header("cache-control"), Some("no-store"));
    assert_eq!(first.body, fs::read(geo.join("routes.geojson")).unwrap());
    fs::write(geo.join("routes.geojson"), "{ broken").unwrap();
    assert_eq!(
        s.get("/_preview/geodata/routes.geojson", &[]).text(),
        "{ broken",
        "raw, not checked"
    );
    assert_eq!(
        s.get("/_preview/geodata/interface/en.json", &[]).text(),
        "{\"title\": \"Supply Routes\"}"
    );
    assert_eq!(s.get("/_preview/geodata/nothing.json", &[]).status, 404);

    // The page itself starts from the built data, so that a broken file on disk cannot stop it
    // (the client then hands the folder to map.load(), which lists the errors).
    assert_eq!(s.get("/data/languages.json", &[]).text(), "built languages");
    assert_eq!(s.get("/data/routes.geojson", &[]).text(), "built routes");
}

#[test]
fn no_preview_path_leaves_its_folder() {
    let d = folders();
    let geo = d.base.path().join("geodata");
    std::os::unix::fs::symlink(d.base.path().join("secret.txt"), geo.join("link.json")).unwrap();
    let s = preview(&d);
    for target in [
        "/_preview/geodata/../secret.txt",
        "/_preview/geodata/%2e%2e/secret.txt",
        "/_preview/geodata/.%2e/secret.txt",
        "/_preview/geodata/%2e%2e%2fsecret.txt",
        "/_preview/geodata/%252e%252e/secret.txt",
        "/_preview/geodata/..%5csecret.txt",
        "/_preview/geodata//etc/passwd",
        "/_preview/geodata/link.json",
        "/_preview/../secret.txt",
        "/_preview/%2e%2e/secret.txt",
        "/_preview/%2e%2e/geodata/routes.geojson",
    ] {
        let r = s.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        ));
        assert!(matches!(r.status, 400 | 403 | 404), "{target}: {}", r.status);
        assert!(!r.text().contains("TOP SECRET"), "{target}");
    }
}

/// Reads server-sent events from `stream` until one named `name` comes, or `within` passes.
fn next_event(reader: &mut BufReader<TcpStream>, name: &str, within: Duration) -> Option<String> {
    let end = Instant::now() + within;
    let mut current = String::new();
    while Instant::now() < end {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => continue,
            Err(_) => return None,
        }
        let line = line.trim_end();
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
        } else if let Some(data) = line.strip_prefix("data: ")
            && current == name
        {
            return Some(data.to_string());
        }
    }
    None
}

fn open_feed(s: &Server) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(s.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    stream
        .write_all(b"GET /_preview/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    BufReader::new(stream)
}

#[test]
fn the_change_feed_notices_a_save_within_a_second() {
    let d = folders();
    let geo = d.base.path().join("geodata");
    let s = preview(&d);
    let mut feed = open_feed(&s);
    let hello = next_event(&mut feed, "hello", Duration::from_secs(5)).expect("hello");
    assert_eq!(hello, "{\"version\":0}");

    let saved = Instant::now();
    fs::write(
        geo.join("routes.geojson"),
        "{\"type\": \"FeatureCollection\", \"features\": [ ]}",
    )
    .unwrap();
    let change = next_event(&mut feed, "change", Duration::from_secs(2)).expect("a change");
    assert!(saved.elapsed() < Duration::from_secs(1), "{:?}", saved.elapsed());
    assert_eq!(change, "{\"files\":[\"routes.geojson\"],\"version\":1}");

    // An editor's save by renaming a new file over the old, and a file in a subfolder.
    fs::write(geo.join(".sources.json.tmp"), "{}").unwrap();
    fs::rename(geo.join(".sources.json.tmp"), geo.join("sources.json")).unwrap();
    let change = next_event(&mut feed, "change", Duration::from_secs(2)).expect("a new file");
    assert_eq!(change, "{\"files\":[\"sources.json\"],\"version\":2}");
    fs::write(geo.join("interface/en.json"), "{\"title\": \"Routes\"}").unwrap();
    let change = next_event(&mut feed, "change", Duration::from_secs(2)).expect("interface");
    assert_eq!(change, "{\"files\":[\"interface/en.json\"],\"version\":3}");

    // A file system keeping times to the second: the same size at the same time, other bytes.
    let routes = geo.join("routes.geojson");
    let before = fs::metadata(&routes).unwrap().modified().unwrap();
    let text = fs::read_to_string(&routes)
        .unwrap()
        .replace("[ ]", "[  ]")
        .replacen(' ', "", 1);
    assert_eq!(text.len() as u64, fs::metadata(&routes).unwrap().len());
    fs::write(&routes, text).unwrap();
    fs::File::options()
        .write(true)
        .open(&routes)
        .unwrap()
        .set_modified(before)
        .unwrap();
    let change = next_event(&mut feed, "change", Duration::from_secs(2)).expect("same size and time");
    assert_eq!(change, "{\"files\":[\"routes.geojson\"],\"version\":4}");

    // Files the page does not read (notes, editors' swap files) are not announced.
    fs::write(geo.join("README.md"), "notes").unwrap();
    fs::write(geo.join(".routes.geojson.swp"), "swap").unwrap();
    assert_eq!(next_event(&mut feed, "change", Duration::from_millis(800)), None);

    // A page that connects later is told the version reached.
    let mut late = open_feed(&s);
    assert_eq!(
        next_event(&mut late, "hello", Duration::from_secs(5)).as_deref(),
        Some("{\"version\":4}")
    );
}

#[test]
fn a_stop_does_not_wait_for_open_feeds() {
    let d = folders();
    let s = preview(&d);
    let mut feed = open_feed(&s);
    next_event(&mut feed, "hello", Duration::from_secs(5)).expect("hello");
    let asked = Instant::now();
    assert!(s.stop().success());
    assert!(asked.elapsed() < Duration::from_secs(3), "{:?}", asked.elapsed());
}

#[test]
fn a_missing_geodata_folder_is_refused_at_start() {
    let d = folders();
    let out = std::process::Command::new(common::BIN)
        .args(["--port", "0", "--preview", "/nonexistent/geodata"])
        .env("ROOT", &d.root)
        .env("DATA", &d.data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/geodata"));
}
