//! The committed completions and man page are what the code generates.

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
