//! Shell completions and the man page, generated from the one clap
//! definition. Copies are committed in `completions/` and `man/`; a test
//! fails when they drift from what this module generates.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;

/// Every generated file: its path in the repository and its contents.
pub fn files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ]
    .into_iter()
    .map(|shell| {
        (
            format!("completions/{}", completion_file(shell)),
            completions(shell),
        )
    })
    .collect();
    files.push(("man/dgraph.1".to_string(), man_page()));
    files
}

/// The file name a shell looks for.
fn completion_file(shell: Shell) -> String {
    match shell {
        Shell::Bash => "dgraph.bash".into(),
        Shell::Zsh => "_dgraph".into(),
        Shell::Fish => "dgraph.fish".into(),
        Shell::Elvish => "dgraph.elv".into(),
        Shell::PowerShell => "_dgraph.ps1".into(),
        other => format!("dgraph.{other}"),
    }
}

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "dgraph", &mut script);
    String::from_utf8(script).expect("completion scripts are UTF-8")
}

/// The man page, in roff: the top-level page, then a section for each
/// subcommand with its synopsis and options.
pub fn man_page() -> String {
    let command = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .expect("rendering to memory cannot fail");
    for sub in command.get_subcommands() {
        let name = format!("dgraph {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone().name(name.clone()));
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)
            .expect("rendering to memory cannot fail");
        man.render_description_section(&mut section)
            .expect("rendering to memory cannot fail");
        man.render_options_section(&mut section)
            .expect("rendering to memory cannot fail");
        let section = String::from_utf8(section).expect("roff is UTF-8");
        let heading = name.to_uppercase();
        page.extend(
            section
                .replace(".SH SYNOPSIS", &format!(".SH \"{heading}\""))
                .replace(".SH DESCRIPTION\n", "")
                .replace(".SH OPTIONS", &format!(".SH \"{heading} OPTIONS\""))
                .bytes(),
        );
    }
    String::from_utf8(page).expect("roff is UTF-8")
}
