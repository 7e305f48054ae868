//! Golden command lines: exit status, stdout and stderr of every promise in
//! the spec, and every example in the README.
//!
//! Refresh the snapshots after an intended change with
//! `TRYCMD=overwrite cargo test --release --test it cli`, then review the diff.

#[test]
fn golden_command_lines() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

#[test]
fn readme_examples() {
    trycmd::TestCases::new().case("README.md");
}
