//! The committed completions, man page and the post's page
//! (`docs/post.html`) are what the code generates, and the man page fits
//! 80 columns.

use std::path::Path;

/// Regenerate with `DGRAPH_BLESS=1 cargo test --release --test it generated`.
#[test]
fn committed_completions_and_man_page_match_the_clap_definition() {
    let bless = std::env::var_os("DGRAPH_BLESS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (path, generated) in dgraph::cli::generate::files() {
        let file = root.join(&path);
        if bless {
            std::fs::create_dir_all(file.parent().expect("a folder"))
                .expect("the folder is writable");
            std::fs::write(&file, &generated).expect("the file is writable");
            continue;
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} differs from what the code generates; refresh every generated file with\n    \
             DGRAPH_BLESS=1 cargo test --release --test it generated\nand commit the result"
        );
    }
}

/// `man -l man/dgraph.1` at 80 columns has no line wider: examples and
/// the language are fitted to the page. A machine without `man` skips it.
#[test]
fn the_man_page_fits_80_columns() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("man/dgraph.1");
    let output = std::process::Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output();
    let Some(output) = output.ok().filter(|o| o.status.success()) else {
        eprintln!("skipped: `man` is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("EXAMPLES"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
}

/// The committed page of the post's example (`docs/post.html`, linked from
/// the README) is what `dgraph draw --format html` writes now. Its
/// screenshot, `docs/post.png`, is rewritten by the browser test
/// (`DGRAPH_BLESS=1 cargo test --release --test it browser`).
#[test]
fn the_committed_post_page_is_what_draw_writes() {
    let page = crate::support::dgraph(&[
        "draw",
        "c = a + b; d = b + 1; e = c * d",
        "--set",
        "a=2,b=1",
        "--format",
        "html",
    ]);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/post.html");
    if std::env::var_os("DGRAPH_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("docs/ is writable");
        std::fs::write(&file, &page).expect("docs/post.html is writable");
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == page,
        "docs/post.html differs from what `dgraph draw --format html` writes; refresh it with\n    \
         DGRAPH_BLESS=1 cargo test --release --test it generated\nand commit the result"
    );
}
