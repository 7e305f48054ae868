//! The page in a real browser. Chromium, headless and offline, opens the
//! post's page at `#mode=M&step=N` for every line N of every mode and
//! dumps the DOM once the page's script has run: the narration line, the
//! counter, the edge highlighted and the derivative of the node
//! accumulated must be those of `--explain`'s N-th line. A script added to
//! a copy of the page presses keys, a button and a box, as a reader would.
//! A screenshot per mode goes to `target/browser/` (CI keeps them); with
//! `DGRAPH_BLESS=1` the reverse-mode one is also written to `docs/post.png`.
//!
//! Without Chromium the tests are skipped with a message; with
//! `DGRAPH_REQUIRE_BROWSER=1` (CI sets it) they fail instead.
//! `DGRAPH_CHROMIUM` names another binary than `/usr/bin/chromium`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::page::{edge_named, explained, touches_an_edge};
use crate::support::dgraph;

const POST: [&str; 3] = ["c = a + b; d = b + 1; e = c * d", "--set", "a=2,b=1"];
const MODES: [&str; 4] = ["reverse", "forward", "paths", "eliminate"];
/// The longest a browser may take over one page.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The browser to drive, or `None` (after saying so) to skip.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("DGRAPH_CHROMIUM")
        .map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    if path.exists() {
        return Some(path);
    }
    let required = std::env::var_os("DGRAPH_REQUIRE_BROWSER").is_some_and(|v| v == "1");
    assert!(
        !required,
        "DGRAPH_REQUIRE_BROWSER=1 but {} is not installed",
        path.display()
    );
    eprintln!(
        "skipped: {} is not installed (apt-get install chromium; CI requires it)",
        path.display()
    );
    None
}

/// A folder under the target directory (`target/browser`, `target/tmp`).
fn target(name: &str) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = match name {
        "tmp" => tmp.to_path_buf(),
        _ => tmp.parent().expect("the target directory").join(name),
    };
    std::fs::create_dir_all(&dir).expect("a folder under target");
    dir
}

/// Runs the browser headless on `url` with `args`; its standard output.
fn browse(chromium: &Path, args: &[&str], url: &str) -> String {
    let profile = target("tmp").join(format!(
        "chromium-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the browser starts");
    let mut stdout = child.stdout.take().expect("its output");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let start = Instant::now();
    while child.try_wait().expect("the browser runs").is_none() {
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("the browser took over {TIMEOUT:?} on {url}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = std::fs::remove_dir_all(&profile);
    reader.join().expect("the reader").expect("UTF-8 output")
}

/// The post's page, written to a file; its `file://` URL.
fn post_page(name: &str, extra_script: &str) -> String {
    let page = dgraph(&[&["draw"], &POST[..], &["--format", "html"]].concat());
    let page = page.replace("</body>", &format!("{extra_script}</body>"));
    let file = target("tmp").join(name);
    std::fs::write(&file, page).expect("the page is written");
    format!("file://{}", file.display())
}

/// The element with `id` in a dumped DOM: its start tag and what follows
/// up to its end tag (`</g>` for a group, else the next end tag).
fn element<'d>(dom: &'d str, id: &str) -> Option<(&'d str, &'d str)> {
    let at = dom.find(&format!(" id=\"{id}\""))?;
    let open = dom[..at].rfind('<')?;
    let tag_end = at + dom[at..].find('>')?;
    let close = if dom[open..].starts_with("<g ") {
        "</g>"
    } else {
        "</"
    };
    let inner_end = tag_end + dom[tag_end..].find(close)?;
    Some((&dom[open..=tag_end], &dom[tag_end + 1..inner_end]))
}

/// The text of an element, tags removed and entities read.
fn text(inner: &str) -> String {
    let mut plain = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn text_of(dom: &str, id: &str) -> String {
    let (_, inner) = element(dom, id).unwrap_or_else(|| panic!("no #{id} in the page"));
    text(inner).trim_matches('\n').to_string()
}

/// The ids `{prefix}{k}` whose element has the class `now`.
fn now(dom: &str, prefix: char) -> Vec<String> {
    let mut found = Vec::new();
    let lead = format!(" id=\"{prefix}");
    for (at, _) in dom.match_indices(&lead) {
        let rest = &dom[at + lead.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || !rest[digits.len()..].starts_with('"') {
            continue;
        }
        let id = format!("{prefix}{digits}");
        let (tag, _) = element(dom, &id).expect("the element");
        let classes = tag
            .split("class=\"")
            .nth(1)
            .and_then(|c| c.split('"').next());
        if classes.is_some_and(|c| c.split(' ').any(|c| c == "now")) {
            found.push(id);
        }
    }
    found
}

/// The number after the last `→ ` of a line (or after `so far: `).
fn total(line: &str) -> &str {
    let after = line.rsplit("→ ").next().unwrap_or(line);
    after.rsplit("so far: ").next().unwrap_or(after)
}

/// Checks the DOM of step `n` of `mode` against `--explain`'s `lines`.
fn assert_step(dom: &str, mode: &str, n: usize, lines: &[String]) {
    let line = &lines[n - 1];
    let at = format!("{mode} step {n}: {line}");
    assert_eq!(text_of(dom, "line"), *line, "{at}");
    assert_eq!(text_of(dom, "step"), n.to_string(), "{at}");
    let touched = lines[..n].iter().filter(|l| touches_an_edge(l)).count();
    assert_eq!(text_of(dom, "touched"), touched.to_string(), "{at}");
    let (edges, fills, nodes) = (now(dom, 'e'), now(dom, 'f'), now(dom, 'n'));
    let label = |id: &String| text_of(dom, id);
    let mark = |id: &String| text_of(dom, &format!("m{}", &id[1..]));
    let written = line.trim_start().split(" += ").next().unwrap_or_default();
    match (mode, edge_named(line)) {
        ("eliminate", _) if touches_an_edge(line) => {
            assert_eq!((edges.len(), fills.len()), (0, 1), "{at}");
            assert_eq!(
                label(&fills[0]),
                format!("{written} = {}", total(line)),
                "{at}"
            );
        }
        (_, Some(edge)) => {
            assert_eq!((edges.len(), fills.len()), (1, 0), "{at}");
            assert!(
                label(&edges[0]).starts_with(&format!("{edge} = ")),
                "{at}: {}",
                label(&edges[0])
            );
        }
        _ => assert!(
            edges.is_empty() && fills.is_empty(),
            "{at}: {edges:?} {fills:?}"
        ),
    }
    assert_eq!(nodes.len(), 1, "{at}");
    let node = &nodes[0];
    match mode {
        "reverse" | "forward" if touches_an_edge(line) => {
            assert_eq!(mark(node), format!("{written} = {}", total(line)), "{at}");
        }
        "reverse" | "forward" => assert_eq!(mark(node), line.rsplit(": ").next().unwrap(), "{at}"),
        "paths" if line.contains("so far: ") => {
            let sum = line
                .rsplit(';')
                .next()
                .unwrap()
                .trim()
                .split(" so far: ")
                .next()
                .unwrap();
            assert_eq!(mark(node), format!("{sum} = {}", total(line)), "{at}");
        }
        "eliminate" if !touches_an_edge(line) => {
            let vertex = line["eliminate ".len()..].split(' ').next().unwrap();
            let box_text = text_of(dom, node);
            assert!(box_text.starts_with(vertex), "{at}: {box_text}");
        }
        _ => {}
    }
}

#[test]
fn every_step_of_every_mode_shows_its_explain_line() {
    let Some(chromium) = chromium() else { return };
    let url = post_page("post.html", "");
    for mode in MODES {
        let lines = explained(&POST, mode);
        for n in 1..=lines.len() {
            let dom = browse(
                &chromium,
                &["--dump-dom"],
                &format!("{url}#mode={mode}&step={n}"),
            );
            assert_step(&dom, mode, n, &lines);
        }
        let dom = browse(
            &chromium,
            &["--dump-dom"],
            &format!("{url}#mode={mode}&step=0"),
        );
        assert_eq!(text_of(&dom, "touched"), "0");
        assert!(
            now(&dom, 'e').is_empty() && now(&dom, 'n').is_empty(),
            "{mode} step 0"
        );
    }
}

/// Keys, a button and a click on b, pressed by a script added to a copy of
/// the page: the step they lead to, b's chain-rule sum, and the address
/// saying so.
#[test]
fn keys_buttons_and_clicks_work() {
    let Some(chromium) = chromium() else { return };
    let press = r##"<script>
for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft", "End"]) {
  document.dispatchEvent(new KeyboardEvent("keydown", { key }));
}
document.getElementById("back").click();
document.querySelector("#n1 rect").dispatchEvent(new MouseEvent("click", { bubbles: true }));
setTimeout(() => (document.body.dataset.address = location.hash), 1000);
</script>"##;
    let url = post_page("post-pressed.html", press);
    // Virtual time runs the timers (the address is written a moment after
    // the last step) before the DOM is dumped.
    let args = ["--dump-dom", "--virtual-time-budget=5000"];
    let dom = browse(&chromium, &args, &format!("{url}#mode=reverse&step=0"));
    assert_eq!(text_of(&dom, "step"), "5");
    assert_eq!(
        text_of(&dom, "sum"),
        "∂e/∂b = 3 so far (1 of 2 terms); when the sweep is done: \
         ∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2·1 + 3·1 = 5"
    );
    assert!(
        dom.contains(r##"data-address="#mode=reverse&amp;step=5&amp;pick=1""##),
        "{dom}"
    );
    let plain = post_page("post-unpressed.html", "");
    let dom = browse(
        &chromium,
        &["--dump-dom"],
        &format!("{plain}#mode=forward&step=8&pick=4"),
    );
    assert_eq!(
        text_of(&dom, "sum"),
        "∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2·1 + 3·1 = 5"
    );
    // Mid-sweep, b's sum says how far it has got, as b's box does.
    for (step, so_far) in [
        (3, "nothing added yet (0 of 2 terms)"),
        (4, "∂e/∂b = 3 so far (1 of 2 terms)"),
    ] {
        let address = format!("{plain}#mode=reverse&step={step}&pick=1");
        let dom = browse(&chromium, &["--dump-dom"], &address);
        assert_eq!(
            text_of(&dom, "sum"),
            format!(
                "{so_far}; when the sweep is done: \
                 ∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2·1 + 3·1 = 5"
            )
        );
    }
}

/// A screenshot of each mode at a telling step, for CI to keep (and for
/// the README, blessed); checked to be a PNG of the window's size.
#[test]
fn screenshots_of_every_mode() {
    let Some(chromium) = chromium() else { return };
    let url = post_page("post-shots.html", "");
    let shots = target("browser");
    let steps = [
        ("reverse", "step=6&pick=1"),
        ("forward", "step=6&pick=3"),
        ("paths", "step=7"),
        ("eliminate", "step=5"),
    ];
    for (mode, step) in steps {
        let file = shots.join(format!("post-{mode}.png"));
        let _ = std::fs::remove_file(&file);
        let shot = format!("--screenshot={}", file.display());
        browse(
            &chromium,
            &[&shot, "--window-size=1200,800"],
            &format!("{url}#mode={mode}&{step}"),
        );
        let png =
            std::fs::read(&file).unwrap_or_else(|_| panic!("no screenshot {}", file.display()));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!((size(16), size(20)), (1200, 800));
        eprintln!("screenshot: {}", file.display());
    }
    if std::env::var_os("DGRAPH_BLESS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/post.png");
        std::fs::copy(shots.join("post-reverse.png"), docs).expect("docs/post.png is written");
    }
}
