//! `dgraph help language` prints the language reference, as `dgraph
//! language` does: clap's `help` would print the subcommand's usage and
//! options first, and the reference only after them.

use std::ffi::OsString;

/// Whether `argv` (program name first) is `dgraph help language`, with
/// or without the global options.
pub fn asks_for_the_language(argv: &[OsString]) -> bool {
    let mut words = Vec::new();
    let mut args = argv.iter().skip(1).map(|word| word.to_str().unwrap_or(""));
    while let Some(word) = args.next() {
        match word {
            "--color" => {
                args.next();
            }
            "-q" | "--quiet" => {}
            _ if word.starts_with("--color=") => {}
            _ => words.push(word),
        }
    }
    words == ["help", "language"]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asks(line: &str) -> bool {
        let argv: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        asks_for_the_language(&argv)
    }

    #[test]
    fn help_language_with_or_without_global_options() {
        assert!(asks("dgraph help language"));
        assert!(asks("dgraph --color never help language"));
        assert!(asks("dgraph -q help language --color=always"));
        assert!(!asks("dgraph help eval"));
        assert!(!asks("dgraph language"));
        assert!(!asks("dgraph help language eval"));
        assert!(!asks("dgraph eval help language"));
    }
}
